# A task cancelled in Condition.wait() takes the lock back before the CancelledError leaves
# wait(): its handler runs with the lock held, and waits for the lock if someone holds it.
import asyncio
from harness import describe, elapsed, run, trace


async def waiter(cond):
    async with cond:
        try:
            await cond.wait()
        except asyncio.CancelledError as e:
            trace("waiter caught", describe(e), "at", elapsed(), "locked() =", cond.locked())
            raise


async def holder(cond):
    async with cond:
        trace("holder takes the lock at", elapsed())
        await asyncio.sleep(2)
        trace("holder releases at", elapsed())


async def main():
    cond = asyncio.Condition()
    w = asyncio.create_task(waiter(cond))
    await asyncio.sleep(1)
    h = asyncio.create_task(holder(cond))
    await asyncio.sleep(0)
    w.cancel("stop waiting")
    await asyncio.gather(w, h, return_exceptions=True)
    trace("at", elapsed(), "locked() =", cond.locked(), "w cancelled() =", w.cancelled())


run(main)
