# A putter cancelled while waiting on a full queue does not put its item, and the slot freed
# later goes to the putter behind it.
import asyncio
from harness import describe, elapsed, run, trace


async def putter(queue, item):
    try:
        await queue.put(item)
    except asyncio.CancelledError as e:
        trace("putter of", item, "cancelled:", describe(e), "at", elapsed())
        raise
    trace("put", item, "at", elapsed())


async def main():
    queue = asyncio.Queue(maxsize=1)
    queue.put_nowait(0)
    a = asyncio.create_task(putter(queue, 1))
    b = asyncio.create_task(putter(queue, 2))
    await asyncio.sleep(1)
    a.cancel()
    await asyncio.sleep(1)
    trace("got", await queue.get(), "at", elapsed())
    await asyncio.gather(a, b, return_exceptions=True)
    trace("got", await queue.get(), "empty()", queue.empty())


run(main)
