# timeout_at takes a loop time: the block is cancelled when the loop's clock reaches it.
import asyncio
from harness import deadline, describe, elapsed, run, trace


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(1)
    try:
        async with asyncio.timeout_at(loop.time() + 1.5) as cm:
            trace("deadline", deadline(cm.when()))
            await asyncio.sleep(5)
    except TimeoutError as e:
        trace("caught", describe(e), "at", elapsed())


run(main)
