# A task that caught a cancellation without uncancel() (cancelling() is 1) then runs a timeout
# that expires: CPython 3.12 compares with the count at the block's start and raises
# TimeoutError; 3.11 expects the count to drop to 0 and lets CancelledError out.
import asyncio
from harness import describe, elapsed, run, trace


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("worker cancelled at", elapsed(), "and carries on")
    trace("cancelling():", asyncio.current_task().cancelling())
    try:
        async with asyncio.timeout(1):
            await asyncio.sleep(10)
    except BaseException as e:
        trace("timeout block raised", describe(e), "at", elapsed())
    trace("cancelling():", asyncio.current_task().cancelling())


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    task.cancel()
    await task
    trace("worker done at", elapsed())


run(main)
