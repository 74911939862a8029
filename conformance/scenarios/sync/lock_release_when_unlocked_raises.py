# Releasing a Lock that is not held raises RuntimeError, and leaves the lock usable.
import asyncio
from harness import describe, run, trace


async def main():
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as e:
        trace("release raised", describe(e))
    await lock.acquire()
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        trace("second release raised", describe(e))
    trace("locked()", lock.locked())


run(main)
