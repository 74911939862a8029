# readuntil() past the limit raises LimitOverrunError with `consumed`, and leaves the data in
# the buffer (unlike readline): a read afterwards gets all of it.
import asyncio
from harness import describe, run, trace


async def main():
    reader = asyncio.StreamReader(limit=5)
    reader.feed_data(b"abcdefgh;rest")
    reader.feed_eof()
    try:
        await reader.readuntil(b";")
    except asyncio.LimitOverrunError as e:
        trace("readuntil raised", describe(e), "consumed", e.consumed)
    reader2 = asyncio.StreamReader(limit=5)
    reader2.feed_data(b"abcdefghijk")
    try:
        await reader2.readuntil(b";")
    except asyncio.LimitOverrunError as e:
        trace("without separator:", describe(e), "consumed", e.consumed)
    trace("read(-1) gives", repr((await reader.read()).decode()))


run(main)
