# Lock is fair: tasks waiting for it get it in the order they started waiting, and one that
# arrives while others wait queues behind them.
import asyncio
from harness import elapsed, run, trace


async def user(lock, name, arrive, hold):
    await asyncio.sleep(arrive)
    trace(name, "wants the lock at", elapsed())
    async with lock:
        trace(name, "holds the lock at", elapsed())
        await asyncio.sleep(hold)
    trace(name, "released at", elapsed())


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(user(lock, "a", 0, 3), user(lock, "b", 2, 1), user(lock, "c", 1, 1),
                         user(lock, "d", 2.5, 1))
    trace("locked()", lock.locked(), "at", elapsed())


run(main)
