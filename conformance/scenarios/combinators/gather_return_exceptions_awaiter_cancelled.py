# return_exceptions=True does not turn a cancellation of the gather's awaiter into a result:
# the children are cancelled and the awaiter raises CancelledError.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        trace(name, "cancelled at", elapsed())
        raise
    return name


async def parent():
    try:
        await asyncio.gather(child("a", 5), child("b", 6), return_exceptions=True)
    except asyncio.CancelledError as e:
        trace("parent caught", describe(e), "at", elapsed())
        raise


async def main():
    p = asyncio.create_task(parent())
    await asyncio.sleep(1)
    p.cancel()
    await asyncio.gather(p, return_exceptions=True)
    trace("parent cancelled()", p.cancelled())


run(main)
