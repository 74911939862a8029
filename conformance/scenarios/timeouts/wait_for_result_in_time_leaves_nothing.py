# wait_for whose coroutine finishes in time returns its value; the deadline that has not come
# leaves nothing behind: no cancellation counted, and a later await past it is not cut short.
import asyncio
from harness import elapsed, run, trace


async def compute():
    await asyncio.sleep(1)
    return 42


async def main():
    trace("result", await asyncio.wait_for(compute(), 2))
    trace("cancelling():", asyncio.current_task().cancelling())
    await asyncio.sleep(3)
    trace("slept until", elapsed())


run(main)
