# Timeout.reschedule to a later time: the old deadline passes without effect, the block is
# cancelled at the new one.
import asyncio
from harness import deadline, elapsed, run, trace


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1) as cm:
            cm.reschedule(loop.time() + 3)
            trace("deadline now", deadline(cm.when()))
            await asyncio.sleep(2)
            trace("still running at", elapsed(), "expired:", cm.expired())
            await asyncio.sleep(5)
    except TimeoutError:
        trace("timed out at", elapsed())


run(main)
