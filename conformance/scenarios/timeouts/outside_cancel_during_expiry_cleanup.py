# The deadline passed and the block is cleaning up when a cancellation comes from elsewhere:
# that one wins, CancelledError comes out of the block, not TimeoutError.
import asyncio
from harness import describe, elapsed, run, trace


async def guarded():
    try:
        async with asyncio.timeout(1):
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                trace("deadline passed at", elapsed())
                await asyncio.sleep(5)
                trace("not reached")
    except BaseException as e:
        trace("block raised", describe(e), "at", elapsed())
        raise


async def main():
    task = asyncio.create_task(guarded())
    await asyncio.sleep(2)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        trace("task cancelled():", task.cancelled())


run(main)
