# A block that ends before its deadline: nothing is left behind, neither a cancellation
# (cancelling() 0) nor a timer that would fire later.
import asyncio
from harness import elapsed, run, trace


async def main():
    async with asyncio.timeout(2) as cm:
        await asyncio.sleep(1)
        trace("block done at", elapsed(), "expired:", cm.expired())
    trace("cancelling():", asyncio.current_task().cancelling())
    await asyncio.sleep(5)
    trace("slept past the old deadline until", elapsed())


run(main)
