# A Lock belongs to no task: one task may release the lock another acquired, and the next
# waiter gets it.
import asyncio
from harness import elapsed, run, trace


async def holder(lock):
    await lock.acquire()
    trace("holder acquired at", elapsed())


async def waiter(lock):
    async with lock:
        trace("waiter holds the lock at", elapsed())


async def main():
    lock = asyncio.Lock()
    await asyncio.create_task(holder(lock))
    trace("holder ended, locked()", lock.locked())
    w = asyncio.create_task(waiter(lock))
    await asyncio.sleep(1)
    lock.release()
    trace("main released at", elapsed())
    await w
    trace("locked()", lock.locked())


run(main)
