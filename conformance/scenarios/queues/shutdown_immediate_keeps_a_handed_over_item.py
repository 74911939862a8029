# Queue.shutdown(immediate=True) (Python 3.13) right after a put has woken a waiting getter,
# before the getter runs: the item is still in the queue, so it is dropped, and the getter
# wakes to an empty, shut-down queue and raises QueueShutDown.
import asyncio
from harness import describe, elapsed, run, trace


async def getter(queue):
    try:
        item = await queue.get()
    except asyncio.QueueShutDown as e:
        trace("getter sees", describe(e), "at", elapsed())
        return
    trace("getter got", item, "at", elapsed())


async def main():
    queue = asyncio.Queue()
    g = asyncio.create_task(getter(queue))
    await asyncio.sleep(1)
    queue.put_nowait("x")
    queue.shutdown(immediate=True)
    trace("shut down at", elapsed())
    await g


run(main)
