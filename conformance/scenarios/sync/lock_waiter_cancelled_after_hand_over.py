# A Lock waiter cancelled after release() has woken it, before it runs: CPython raises
# CancelledError at its acquire and the lock goes to the next waiter; the library keeps the
# hand-over (the acquire returns, the cancellation comes at the waiter's next suspension).
import asyncio
from harness import describe, elapsed, run, trace


async def user(lock, name):
    try:
        async with lock:
            trace(name, "holds the lock at", elapsed())
            await asyncio.sleep(1)
            trace(name, "releases at", elapsed())
    except asyncio.CancelledError as e:
        trace(name, "raised", describe(e), "at", elapsed())
        raise


async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    w = asyncio.create_task(user(lock, "w"))
    x = asyncio.create_task(user(lock, "x"))
    await asyncio.sleep(1)
    lock.release()
    w.cancel("late")
    await asyncio.gather(w, x, return_exceptions=True)
    trace("w cancelled()", w.cancelled(), "locked()", lock.locked(), "at", elapsed())


run(main)
