# A waiter notified and then cancelled while it waits to take the lock back still takes it
# before raising CancelledError; the notifier keeps the lock meanwhile.
import asyncio
from harness import describe, elapsed, run, trace


async def waiter(cond):
    async with cond:
        try:
            await cond.wait()
        except asyncio.CancelledError as e:
            trace("waiter raised", describe(e), "at", elapsed(), "locked()", cond.locked())
            raise
        trace("waiter not cancelled")


async def main():
    cond = asyncio.Condition()
    w = asyncio.create_task(waiter(cond))
    await asyncio.sleep(1)
    async with cond:
        cond.notify()
        trace("notified at", elapsed())
        await asyncio.sleep(1)
        w.cancel()
        trace("cancelled the waiter at", elapsed())
        await asyncio.sleep(1)
        trace("notifier releases at", elapsed())
    try:
        await w
    except asyncio.CancelledError:
        trace("waiter task cancelled()", w.cancelled(), "locked()", cond.locked())


run(main)
