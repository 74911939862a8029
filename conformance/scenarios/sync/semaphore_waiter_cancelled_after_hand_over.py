# A Semaphore waiter cancelled after release() has handed it the permit, before it runs:
# CPython raises CancelledError at its acquire and passes the permit on to the next waiter;
# the library keeps the hand-over (the acquire returns, the cancellation comes at the
# waiter's next suspension, and the permit goes on when it unwinds).
import asyncio
from harness import describe, elapsed, run, trace


async def user(sem, name):
    try:
        async with sem:
            trace(name, "has a permit at", elapsed())
            await asyncio.sleep(1)
            trace(name, "returns it at", elapsed())
    except asyncio.CancelledError as e:
        trace(name, "raised", describe(e), "at", elapsed())
        raise


async def main():
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    w = asyncio.create_task(user(sem, "w"))
    x = asyncio.create_task(user(sem, "x"))
    await asyncio.sleep(1)
    sem.release()
    w.cancel()
    await asyncio.gather(w, x, return_exceptions=True)
    trace("w cancelled()", w.cancelled(), "locked()", sem.locked(), "at", elapsed())


run(main)
