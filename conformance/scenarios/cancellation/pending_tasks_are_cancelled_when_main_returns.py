# When the main task returns, run() cancels the tasks still pending (without a message) and
# waits for them to finish, clean-up awaits included, before it returns.
import asyncio
from harness import describe, elapsed, run, trace


async def background(name, cleanup):
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError as e:
        trace(name, "cancelled at shutdown:", describe(e), "at", elapsed())
        await asyncio.sleep(cleanup)
        trace(name, "cleaned up at", elapsed())
        raise


async def main():
    asyncio.create_task(background("a", 2))
    asyncio.create_task(background("b", 1))
    await asyncio.sleep(1)
    trace("main returns at", elapsed())


run(main)
