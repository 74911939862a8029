# A getter cancelled while waiting on an empty queue leaves without an item: the next item
# put goes to the getter behind it, and none is lost.
import asyncio
from harness import describe, elapsed, run, trace


async def getter(queue, name):
    try:
        item = await queue.get()
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "at", elapsed())
        raise
    trace(name, "got", item, "at", elapsed())


async def main():
    queue = asyncio.Queue()
    a = asyncio.create_task(getter(queue, "a"))
    b = asyncio.create_task(getter(queue, "b"))
    await asyncio.sleep(1)
    a.cancel()
    await asyncio.sleep(1)
    await queue.put("x")
    await queue.put("y")
    await asyncio.gather(a, b, return_exceptions=True)
    trace("left in the queue", queue.qsize(), "item", queue.get_nowait())


run(main)
