# The limit bounds the bytes before the separator: a line of exactly `limit` bytes plus its
# "\n" is read whole; one byte more raises (here readuntil's LimitOverrunError, the data kept).
import asyncio
from harness import describe, run, trace


async def main():
    reader = asyncio.StreamReader(limit=4)
    reader.feed_data(b"abcd\nabcde\n")
    reader.feed_eof()
    trace("readuntil gives", repr((await reader.readuntil(b"\n")).decode()))
    try:
        await reader.readuntil(b"\n")
    except asyncio.LimitOverrunError as e:
        trace("readuntil raised", describe(e), "consumed", e.consumed)
    trace("readexactly(6) gives", repr((await reader.readexactly(6)).decode()))


run(main)
