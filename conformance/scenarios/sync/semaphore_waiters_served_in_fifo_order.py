# Semaphore is fair: with no permit free, waiters get the released permits in the order they
# started waiting; locked() is True while none is free.
import asyncio
from harness import elapsed, run, trace


async def user(sem, name, arrive, hold):
    await asyncio.sleep(arrive)
    trace(name, "wants a permit at", elapsed(), "locked()", sem.locked())
    async with sem:
        trace(name, "has a permit at", elapsed())
        await asyncio.sleep(hold)


async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(user(sem, "a", 0, 4), user(sem, "b", 0.5, 2), user(sem, "c", 1, 2),
                         user(sem, "d", 1.5, 1), user(sem, "e", 3, 1), user(sem, "f", 2, 1))
    trace("locked() at the end", sem.locked(), "at", elapsed())


run(main)
