# timeout(0) or a negative delay has already expired: the block runs until its first await,
# which raises CancelledError, and TimeoutError comes out; a block that never awaits finishes.
import asyncio
from harness import describe, elapsed, run, trace


async def main():
    for delay in (0, -1):
        try:
            async with asyncio.timeout(delay):
                trace("block starts with delay", delay)
                await asyncio.sleep(1)
                trace("not reached")
        except TimeoutError as e:
            trace("caught", describe(e), "at", elapsed())
    async with asyncio.timeout(0) as cm:
        trace("a block without awaits; expired:", cm.expired())
    trace("it finished at", elapsed())
    await asyncio.sleep(1)
    trace("next await completes at", elapsed())


run(main)
