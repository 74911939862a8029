# When timeout(d) expires, the block's await raises CancelledError; the block's cleanup runs
# (and may take time), and TimeoutError comes out of the block once it has finished.
import asyncio
from harness import describe, elapsed, run, trace


async def main():
    try:
        async with asyncio.timeout(2):
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError as e:
                trace("block sees", describe(e), "at", elapsed())
                await asyncio.sleep(0.5)
                trace("cleanup done at", elapsed())
                raise
    except TimeoutError as e:
        trace("caught", describe(e), "at", elapsed())
    trace("cancelling():", asyncio.current_task().cancelling())


run(main)
