# A block that catches the cancellation its deadline caused and ends normally: no TimeoutError
# comes out, the code after it runs, and the cancellation is taken back (cancelling() 0).
import asyncio
from harness import elapsed, run, trace


async def main():
    async with asyncio.timeout(1) as cm:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            trace("block swallows the cancellation at", elapsed())
        trace("expired:", cm.expired())
    trace("after the block at", elapsed(), "cancelling():", asyncio.current_task().cancelling())
    await asyncio.sleep(1)
    trace("next await completes at", elapsed())


run(main)
