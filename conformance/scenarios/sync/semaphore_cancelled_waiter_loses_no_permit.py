# A task cancelled while waiting for a Semaphore takes no permit and loses none: the permits
# released later go to the other waiters, in order.
import asyncio
from harness import describe, elapsed, run, trace


async def user(sem, name):
    try:
        async with sem:
            trace(name, "has a permit at", elapsed())
            await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "at", elapsed())
        raise


async def main():
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    tasks = [asyncio.create_task(user(sem, n)) for n in ("a", "b", "c")]
    await asyncio.sleep(1)
    tasks[0].cancel()
    await asyncio.sleep(1)
    sem.release()
    trace("released at", elapsed())
    await asyncio.gather(*tasks, return_exceptions=True)
    trace("locked() at the end", sem.locked(), "at", elapsed())
    await sem.acquire()
    trace("one permit left, acquired at", elapsed(), "locked()", sem.locked())


run(main)
