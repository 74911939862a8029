# Queue is first in, first out; qsize(), empty() and full() follow the puts and gets (an
# unbounded queue is never full).
import asyncio
from harness import run, trace


async def main():
    queue = asyncio.Queue()
    trace("empty()", queue.empty(), "full()", queue.full(), "qsize()", queue.qsize(),
          "maxsize", queue.maxsize)
    for item in (3, 1, 2):
        await queue.put(item)
    trace("after 3 puts: qsize()", queue.qsize(), "empty()", queue.empty(), "full()", queue.full())
    got = [await queue.get(), queue.get_nowait(), await queue.get()]
    trace("got", got, "empty()", queue.empty())


run(main)
