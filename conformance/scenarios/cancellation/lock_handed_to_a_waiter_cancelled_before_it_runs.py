# The holder releases a Lock (handing it to the first waiter) and that waiter is cancelled
# in the same turn: CPython's waiter raises CancelledError from acquire() and passes the lock
# on to the next waiter (the library hands it the lock, and the cancellation comes at its
# next await, which releases it: a documented deviation).
import asyncio
from harness import describe, elapsed, run, trace


async def user(lock, name):
    try:
        async with lock:
            trace(name, "holds the lock at", elapsed())
            await asyncio.sleep(1)
            trace(name, "releases at", elapsed())
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "at", elapsed())
        raise


async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    b = asyncio.create_task(user(lock, "b"))
    c = asyncio.create_task(user(lock, "c"))
    await asyncio.sleep(1)
    lock.release()
    b.cancel("too slow")
    await asyncio.gather(b, c, return_exceptions=True)
    trace("at", elapsed(), "locked() =", lock.locked(), "b cancelled() =", b.cancelled())


run(main)
