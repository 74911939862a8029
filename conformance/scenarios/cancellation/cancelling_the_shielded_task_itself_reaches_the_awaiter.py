# shield() only protects the inner task from the awaiter's cancellation: when the inner task
# itself is cancelled, the task awaiting shield(inner) gets its CancelledError.
import asyncio
from harness import describe, elapsed, run, trace


async def inner():
    await asyncio.sleep(10)


async def outer(task):
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError as e:
        trace("outer caught", describe(e), "at", elapsed(),
              "cancelling() =", asyncio.current_task().cancelling())
        raise


async def main():
    i = asyncio.create_task(inner())
    o = asyncio.create_task(outer(i))
    await asyncio.sleep(1)
    i.cancel("inner stopped")
    await asyncio.gather(o, return_exceptions=True)
    trace("inner cancelled() =", i.cancelled(), "outer cancelled() =", o.cancelled())


run(main)
