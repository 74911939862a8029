# Timeout.reschedule(None) removes the deadline: the block runs to its end; a later reschedule
# sets one again.
import asyncio
from harness import deadline, elapsed, run, trace


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(1) as cm:
        cm.reschedule(None)
        trace("when:", deadline(cm.when()))
        await asyncio.sleep(3)
        trace("block finished at", elapsed(), "expired:", cm.expired())
    try:
        async with asyncio.timeout(None) as cm:
            trace("when:", deadline(cm.when()))
            await asyncio.sleep(2)
            cm.reschedule(loop.time() + 1)
            trace("when:", deadline(cm.when()))
            await asyncio.sleep(5)
    except TimeoutError:
        trace("timed out at", elapsed())


run(main)
