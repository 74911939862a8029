# Condition.notify_all() wakes every waiter; they return from wait() one at a time, in the
# order they waited, each holding the lock, after the notifier has released it.
import asyncio
from harness import elapsed, run, trace


async def waiter(cond, name):
    async with cond:
        await cond.wait()
        trace(name, "has the lock at", elapsed())
        await asyncio.sleep(1)
        trace(name, "releases at", elapsed())


async def main():
    cond = asyncio.Condition()
    tasks = []
    for name in ("a", "b", "c"):
        tasks.append(asyncio.create_task(waiter(cond, name)))
        await asyncio.sleep(0.5)
    async with cond:
        cond.notify_all()
        trace("notified all at", elapsed())
        await asyncio.sleep(2)
        trace("notifier releases at", elapsed())
    await asyncio.gather(*tasks)


run(main)
