# A task cancelled while waiting for a Semaphore takes no permit: when the holders release,
# the remaining waiter gets its permit and the count goes back to its start.
import asyncio
from harness import describe, elapsed, run, trace


async def user(sem, name, hold):
    try:
        async with sem:
            trace(name, "has a permit at", elapsed())
            await asyncio.sleep(hold)
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "at", elapsed())
        raise


async def main():
    sem = asyncio.Semaphore(2)
    tasks = [asyncio.create_task(user(sem, name, 2)) for name in ("a", "b", "c", "d")]
    await asyncio.sleep(1)
    tasks[2].cancel("skip c")
    await asyncio.gather(*tasks, return_exceptions=True)
    trace("at", elapsed(), "locked() =", sem.locked())
    async with sem:
        async with sem:
            trace("two permits again, locked() =", sem.locked())


run(main)
