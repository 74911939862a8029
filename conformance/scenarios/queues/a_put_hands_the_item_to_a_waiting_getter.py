# A put with a getter waiting wakes it, but until the getter runs the item is still in the
# queue: qsize() counts it and a task that did not wait can take it with get_nowait().
import asyncio
from harness import describe, elapsed, run, trace


async def getter(queue):
    item = await queue.get()
    trace("getter got", item, "at", elapsed())


async def main():
    queue = asyncio.Queue()
    g = asyncio.create_task(getter(queue))
    await asyncio.sleep(1)
    queue.put_nowait("x")
    trace("after put: qsize()", queue.qsize(), "empty()", queue.empty())
    try:
        trace("get_nowait by main gave", queue.get_nowait())
    except asyncio.QueueEmpty as e:
        trace("get_nowait by main raised", describe(e))
    queue.put_nowait("y")
    await g
    trace("left", queue.qsize())


run(main)
