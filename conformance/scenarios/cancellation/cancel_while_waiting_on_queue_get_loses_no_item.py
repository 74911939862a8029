# A getter cancelled in Queue.get() stops waiting without taking anything: the next put()
# goes to the getter that still waits, and nothing is left in the queue.
import asyncio
from harness import describe, elapsed, run, trace


async def getter(queue, name):
    try:
        item = await queue.get()
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e))
        raise
    trace(name, "got", item, "at", elapsed())


async def main():
    queue = asyncio.Queue()
    a = asyncio.create_task(getter(queue, "a"))
    b = asyncio.create_task(getter(queue, "b"))
    await asyncio.sleep(1)
    a.cancel("not hungry")
    await asyncio.sleep(0)
    await queue.put("x")
    await asyncio.gather(a, b, return_exceptions=True)
    trace("qsize() =", queue.qsize(), "a cancelled() =", a.cancelled())


run(main)
