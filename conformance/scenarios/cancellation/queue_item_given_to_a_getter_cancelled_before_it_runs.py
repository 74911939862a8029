# put() wakes the waiting getter, which is cancelled in the same turn: CPython's getter
# raises CancelledError from get() and the item stays queued for the next getter (the
# library's get() returns the item, and the cancellation comes at the getter's next await:
# a documented deviation).
import asyncio
from harness import describe, elapsed, run, trace


async def getter(queue, name):
    try:
        item = await queue.get()
        trace(name, "got", item, "at", elapsed())
        await asyncio.sleep(1)
        trace(name, "done with", item)
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "at", elapsed())
        raise


async def main():
    queue = asyncio.Queue()
    a = asyncio.create_task(getter(queue, "a"))
    await asyncio.sleep(1)
    queue.put_nowait("item")
    a.cancel("stop")
    await asyncio.gather(a, return_exceptions=True)
    trace("qsize() =", queue.qsize(), "a cancelled() =", a.cancelled())


run(main)
