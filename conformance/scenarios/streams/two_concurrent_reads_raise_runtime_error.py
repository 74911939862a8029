# Only one task may wait on a reader: a second read while the first waits raises
# RuntimeError at once; the first one still gets the data.
import asyncio
from harness import describe, run, trace


async def main():
    reader = asyncio.StreamReader()
    first = asyncio.create_task(reader.readline())
    await asyncio.sleep(0)
    try:
        await reader.read(10)
    except RuntimeError as e:
        trace("second read raised", describe(e))
    reader.feed_data(b"line\n")
    trace("first read gives", repr((await first).decode()))


run(main)
