# Queue.shutdown() (Python 3.13) wakes the putters blocked on a full queue, in order, and each
# raises QueueShutDown without putting; the items already queued can still be got.
import asyncio
from harness import describe, elapsed, run, trace


async def putter(queue, name, item):
    try:
        await queue.put(item)
    except asyncio.QueueShutDown as e:
        trace(name, "raised", describe(e), "at", elapsed())
        return
    trace(name, "put", item)


async def main():
    queue = asyncio.Queue(maxsize=1)
    queue.put_nowait(0)
    p1 = asyncio.create_task(putter(queue, "p1", 1))
    p2 = asyncio.create_task(putter(queue, "p2", 2))
    await asyncio.sleep(1)
    queue.shutdown()
    trace("shut down at", elapsed(), "full()", queue.full())
    await asyncio.gather(p1, p2)
    trace("got", await queue.get(), "at", elapsed())
    try:
        await queue.get()
    except asyncio.QueueShutDown as e:
        trace("get raised", describe(e))


run(main)
