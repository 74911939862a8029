# A line over the limit whose "\n" has not come: readline() raises ValueError and drops
# everything buffered; what arrives afterwards is read from its start.
import asyncio
from harness import describe, run, trace


async def main():
    reader = asyncio.StreamReader(limit=4)
    reader.feed_data(b"abcdefghij")
    try:
        line = await reader.readline()
        trace("readline gives", repr(line.decode()))
    except ValueError as e:
        trace("readline raised", describe(e))
    reader.feed_data(b"xy\nz")
    reader.feed_eof()
    trace("next readline gives", repr((await reader.readline()).decode()))
    trace("then", repr((await reader.readline()).decode()))
    trace("then", repr((await reader.readline()).decode()), "at_eof", reader.at_eof())


run(main)
