# A block that turns its deadline's cancellation into another exception: that exception comes
# out of the block, not TimeoutError.
import asyncio
from harness import describe, elapsed, run, trace


async def main():
    try:
        async with asyncio.timeout(1):
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                raise ValueError("gave up")
    except Exception as e:
        trace("caught", describe(e), "at", elapsed())
    trace("cancelling():", asyncio.current_task().cancelling())


run(main)
