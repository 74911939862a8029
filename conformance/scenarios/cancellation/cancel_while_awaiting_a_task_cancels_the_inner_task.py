# Cancelling a task that awaits another task cancels the inner task as well: both see
# CancelledError with the message, the inner one first, and both end cancelled.
import asyncio
from harness import describe, run, trace


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("inner caught", describe(e))
        raise


async def outer(task):
    try:
        await task
    except asyncio.CancelledError as e:
        trace("outer caught", describe(e))
        raise


async def main():
    i = asyncio.create_task(inner())
    o = asyncio.create_task(outer(i))
    await asyncio.sleep(1)
    o.cancel("from main")
    await asyncio.gather(o, return_exceptions=True)
    trace("inner cancelled() =", i.cancelled(), "outer cancelled() =", o.cancelled())
    trace("inner cancelling() =", i.cancelling(), "outer cancelling() =", o.cancelling())


run(main)
