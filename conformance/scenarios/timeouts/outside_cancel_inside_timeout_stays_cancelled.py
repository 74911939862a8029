# A cancellation from elsewhere inside a timeout block whose deadline has not passed stays a
# CancelledError; it is not turned into TimeoutError.
import asyncio
from harness import describe, elapsed, run, trace


async def guarded():
    try:
        async with asyncio.timeout(5):
            await asyncio.sleep(10)
    except BaseException as e:
        trace("block raised", describe(e), "at", elapsed())
        raise


async def main():
    task = asyncio.create_task(guarded())
    await asyncio.sleep(1)
    task.cancel("outside")
    try:
        await task
    except asyncio.CancelledError:
        trace("task cancelled():", task.cancelled())


run(main)
