# A line longer than the reader's limit: readline() raises ValueError (Python turns the
# LimitOverrunError into one) and drops that line, up to and including its "\n"; the next
# line is read as usual.
import asyncio
from harness import describe, run, trace


async def main():
    reader = asyncio.StreamReader(limit=8)
    reader.feed_data(b"0123456789abc\nshort\n")
    reader.feed_eof()
    try:
        line = await reader.readline()
        trace("readline gives", repr(line.decode()))
    except ValueError as e:
        trace("readline raised", describe(e))
    trace("next readline gives", repr((await reader.readline()).decode()))
    trace("then", repr((await reader.readline()).decode()), "at_eof", reader.at_eof())


run(main)
