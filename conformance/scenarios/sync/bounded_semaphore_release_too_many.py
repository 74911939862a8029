# BoundedSemaphore: a release beyond the initial value raises ValueError and adds no permit.
import asyncio
from harness import describe, run, trace


async def main():
    sem = asyncio.BoundedSemaphore(2)
    await sem.acquire()
    sem.release()
    try:
        sem.release()
    except ValueError as e:
        trace("release raised", describe(e))
    await sem.acquire()
    await sem.acquire()
    trace("two acquired, locked()", sem.locked())
    sem.release()
    sem.release()
    try:
        sem.release()
    except ValueError as e:
        trace("release raised again", describe(e))


run(main)
