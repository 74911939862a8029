# LifoQueue gives the last item put first.
import asyncio
from harness import run, trace


async def main():
    queue = asyncio.LifoQueue()
    for item in (1, 2, 3):
        queue.put_nowait(item)
    trace("got", await queue.get(), await queue.get())
    queue.put_nowait(4)
    trace("got", await queue.get(), await queue.get(), "empty()", queue.empty())


run(main)
