# A Condition waiter notified, then cancelled before it runs: CPython 3.11 raises
# CancelledError from its wait() (once it has the lock back) and the notification is spent;
# the library keeps the notification (wait() returns, the cancellation comes at the waiter's
# next suspension). Either way the other waiter is not woken by that notify.
import asyncio
from harness import describe, elapsed, run, trace


async def waiter(cond, name):
    try:
        async with cond:
            await cond.wait()
            trace(name, "woken at", elapsed())
            await asyncio.sleep(1)
            trace(name, "leaves at", elapsed())
    except asyncio.CancelledError as e:
        trace(name, "raised", describe(e), "at", elapsed())
        raise


async def main():
    cond = asyncio.Condition()
    w1 = asyncio.create_task(waiter(cond, "w1"))
    w2 = asyncio.create_task(waiter(cond, "w2"))
    await asyncio.sleep(1)
    async with cond:
        cond.notify()
        w1.cancel()
    await asyncio.sleep(2)
    trace("w1 cancelled()", w1.cancelled(), "w2 done()", w2.done(), "at", elapsed())
    async with cond:
        cond.notify_all()
    await asyncio.gather(w1, w2, return_exceptions=True)


run(main)
