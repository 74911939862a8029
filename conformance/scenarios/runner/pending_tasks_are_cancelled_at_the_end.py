# When main returns, run() cancels the tasks still pending: each sees CancelledError at its
# await, its finally block runs (and may await), and run() waits for it to end.
import asyncio
from harness import elapsed, run, trace


async def worker():
    try:
        await asyncio.sleep(100)
        trace("worker not reached")
    except asyncio.CancelledError:
        trace("worker cancelled at", elapsed())
        raise
    finally:
        await asyncio.sleep(2)
        trace("worker's finally done at", elapsed())


async def main():
    asyncio.create_task(worker())
    await asyncio.sleep(1)
    trace("main returns at", elapsed())


run(main)
