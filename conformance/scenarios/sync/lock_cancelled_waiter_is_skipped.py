# A task cancelled while waiting for a Lock never gets it and does not hold up the others:
# the lock goes to the next waiter when it is released.
import asyncio
from harness import describe, elapsed, run, trace


async def user(lock, name):
    try:
        async with lock:
            trace(name, "holds the lock at", elapsed())
            await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "at", elapsed(), "locked()", lock.locked())
        raise


async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    b = asyncio.create_task(user(lock, "b"))
    c = asyncio.create_task(user(lock, "c"))
    await asyncio.sleep(1)
    b.cancel("give up")
    await asyncio.sleep(1)
    trace("b done", b.done(), "releasing at", elapsed())
    lock.release()
    await c
    trace("locked()", lock.locked(), "at", elapsed())


run(main)
