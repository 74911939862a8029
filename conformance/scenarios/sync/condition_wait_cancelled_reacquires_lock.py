# A task cancelled in Condition.wait() raises CancelledError only once it holds the lock
# again: if another task holds the lock then, it waits for it first.
import asyncio
from harness import describe, elapsed, run, trace


async def waiter(cond):
    async with cond:
        try:
            await cond.wait()
        except asyncio.CancelledError as e:
            trace("waiter raised", describe(e), "at", elapsed(), "locked()", cond.locked())
            raise
    trace("never here")


async def holder(cond):
    async with cond:
        trace("holder takes the lock at", elapsed())
        await asyncio.sleep(3)
        trace("holder releases at", elapsed())


async def main():
    cond = asyncio.Condition()
    w = asyncio.create_task(waiter(cond))
    await asyncio.sleep(1)
    h = asyncio.create_task(holder(cond))
    await asyncio.sleep(1)
    w.cancel()
    trace("cancelled waiter at", elapsed())
    await asyncio.gather(w, h, return_exceptions=True)
    trace("waiter cancelled()", w.cancelled(), "locked()", cond.locked())


run(main)
