# Lock.locked(): True while held; release() with a waiter wakes it, and a newcomer that tries
# acquire() before the woken waiter runs must still wait behind it.
import asyncio
from harness import elapsed, run, trace


async def waiter(lock, name):
    async with lock:
        trace(name, "holds the lock at", elapsed())
        await asyncio.sleep(1)


async def main():
    lock = asyncio.Lock()
    trace("locked() at start", lock.locked())
    await lock.acquire()
    trace("locked() once held", lock.locked())
    w = asyncio.create_task(waiter(lock, "waiter"))
    await asyncio.sleep(1)
    lock.release()
    trace("locked() right after release", lock.locked())
    n = asyncio.create_task(waiter(lock, "newcomer"))
    await asyncio.gather(w, n)
    trace("locked() at the end", lock.locked(), "at", elapsed())


run(main)
