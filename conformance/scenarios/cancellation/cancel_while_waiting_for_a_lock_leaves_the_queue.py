# A task cancelled while waiting for a Lock leaves the wait queue: when the holder releases,
# the lock goes to the next waiter, not the cancelled one.
import asyncio
from harness import describe, elapsed, run, trace


async def user(lock, name, hold):
    try:
        async with lock:
            trace(name, "holds the lock at", elapsed())
            await asyncio.sleep(hold)
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "locked() =", lock.locked())
        raise


async def main():
    lock = asyncio.Lock()
    a = asyncio.create_task(user(lock, "a", 2))
    b = asyncio.create_task(user(lock, "b", 1))
    c = asyncio.create_task(user(lock, "c", 1))
    await asyncio.sleep(1)
    b.cancel("give up")
    await asyncio.gather(a, b, c, return_exceptions=True)
    trace("at", elapsed(), "locked() =", lock.locked(), "b cancelled() =", b.cancelled())


run(main)
