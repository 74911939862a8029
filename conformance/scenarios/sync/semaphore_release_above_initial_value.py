# A plain Semaphore may be released more often than acquired: each release adds a permit,
# above the initial value, and later acquires use them without waiting.
import asyncio
from harness import elapsed, run, trace


async def main():
    sem = asyncio.Semaphore(1)
    sem.release()
    sem.release()
    trace("locked() after two extra releases", sem.locked())
    for i in range(3):
        await sem.acquire()
        trace("acquire", i, "at", elapsed(), "locked()", sem.locked())


run(main)
