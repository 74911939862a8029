# Semaphore(0) starts with no permit: acquire() waits until someone releases one.
import asyncio
from harness import elapsed, run, trace


async def acquirer(sem):
    await sem.acquire()
    trace("acquired at", elapsed())


async def main():
    sem = asyncio.Semaphore(0)
    trace("locked()", sem.locked())
    task = asyncio.create_task(acquirer(sem))
    await asyncio.sleep(2)
    trace("still waiting", not task.done())
    sem.release()
    await task
    trace("locked() at the end", sem.locked())


run(main)
