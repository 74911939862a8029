# read(n) returns at most n bytes of what is buffered, without waiting for more; read(-1)
# reads to the end of the stream; read(0) gives b"" at once.
import asyncio
from harness import run, trace


async def main():
    reader = asyncio.StreamReader()
    reader.feed_data(b"hello ")
    reader.feed_data(b"world")
    trace("read(0) gives", repr((await reader.read(0)).decode()))
    trace("read(3) gives", repr((await reader.read(3)).decode()))
    trace("read(100) gives", repr((await reader.read(100)).decode()))
    waiting = asyncio.create_task(reader.read(100))
    await asyncio.sleep(0)
    trace("read(100) on an empty buffer waits:", not waiting.done())
    reader.feed_data(b"later")
    trace("then gives", repr((await waiting).decode()))
    reader.feed_data(b"abc")
    reader.feed_data(b"def")
    reader.feed_eof()
    trace("read(-1) gives", repr((await reader.read(-1)).decode()))
    trace("at_eof", reader.at_eof())


run(main)
