# Condition(lock) works on the lock it is given: holding the lock is holding the condition,
# and wait() releases that lock for others meanwhile.
import asyncio
from harness import elapsed, run, trace


async def waiter(cond):
    async with cond:
        trace("waiter waits at", elapsed())
        await cond.wait()
        trace("waiter woken at", elapsed())


async def main():
    lock = asyncio.Lock()
    cond = asyncio.Condition(lock)
    w = asyncio.create_task(waiter(cond))
    await asyncio.sleep(1)
    trace("lock.locked() while the waiter waits", lock.locked())
    async with lock:
        trace("cond.locked() with the lock held", cond.locked())
        cond.notify()
        await asyncio.sleep(1)
    await w
    trace("lock.locked() at the end", lock.locked())


run(main)
