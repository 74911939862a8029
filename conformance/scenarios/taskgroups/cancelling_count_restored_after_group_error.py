# The group cancels its task to interrupt the body, and takes that request back: once the
# ExceptionGroup is caught, cancelling() is 0 and the task awaits normally.
import asyncio
from harness import describe, elapsed, run, trace


async def failing():
    await asyncio.sleep(1)
    raise ValueError("boom")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing())
            await asyncio.sleep(5)
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())
    trace("cancelling():", asyncio.current_task().cancelling())
    await asyncio.sleep(1)
    trace("slept until", elapsed())


run(main)
