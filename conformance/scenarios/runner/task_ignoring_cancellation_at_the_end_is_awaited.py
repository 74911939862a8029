# A task that swallows the cancellation run() sends at the end keeps running, and run()
# waits until it returns (three more steps, then a 5 s sleep), then closes the loop.
import asyncio
from harness import elapsed, run, trace


async def stubborn():
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        trace("stubborn ignores the cancellation at", elapsed())
    for i in range(3):
        await asyncio.sleep(0)
        trace("stubborn step", i)
    await asyncio.sleep(5)
    trace("stubborn returns at", elapsed())


async def main():
    asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    trace("main returns")


run(main)
