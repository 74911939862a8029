# A Lock acquire given up by a timeout raises TimeoutError and leaves the queue: the lock
# later goes to the next waiter, and the one that gave up never gets it.
import asyncio
from harness import describe, elapsed, run, trace


async def impatient(lock):
    try:
        async with asyncio.timeout(1):
            await lock.acquire()
    except TimeoutError as e:
        trace("impatient raised", describe(e), "at", elapsed())
        return
    trace("impatient got the lock")


async def patient(lock):
    async with lock:
        trace("patient holds the lock at", elapsed())


async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    i = asyncio.create_task(impatient(lock))
    p = asyncio.create_task(patient(lock))
    await asyncio.sleep(2)
    lock.release()
    await asyncio.gather(i, p)
    trace("locked()", lock.locked(), "at", elapsed())


run(main)
