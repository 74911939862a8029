# A child that fails while the group is already waiting at its end still cancels the other
# children, and the group raises its ExceptionGroup.
import asyncio
from harness import describe, elapsed, run, trace


async def failing():
    await asyncio.sleep(2)
    trace("child fails at", elapsed())
    raise ValueError("late")


async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("sleeper cancelled at", elapsed())
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing())
            tg.create_task(sleeper())
            await asyncio.sleep(1)
            trace("body done at", elapsed())
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())


run(main)
