# Python 3.13: uncancel() that takes the count back to 0 also drops a cancellation that was
# requested but not yet delivered, so the task is not interrupted at its next await.
import asyncio
from harness import describe, elapsed, run, trace


async def worker():
    me = asyncio.current_task()
    me.cancel("self")
    trace("cancelling() =", me.cancelling())
    trace("uncancel returns", me.uncancel())
    try:
        await asyncio.sleep(1)
        trace("slept undisturbed until", elapsed())
    except asyncio.CancelledError as e:
        trace("interrupted:", describe(e), "at", elapsed())
        raise
    return "finished"


async def main():
    task = asyncio.create_task(worker())
    try:
        trace("worker gives", await task)
    except asyncio.CancelledError as e:
        trace("main caught", describe(e))
    trace("cancelled() =", task.cancelled())


run(main)
