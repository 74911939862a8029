# A task that swallowed one cancellation can be cancelled again: the second cancel() returns
# True, reaches its next await with the new message, and cancelling() counts both.
import asyncio
from harness import describe, elapsed, run, trace


async def twice():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("first:", describe(e), "at", elapsed())
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("second:", describe(e), "at", elapsed(),
              "cancelling() =", asyncio.current_task().cancelling())
        raise


async def main():
    task = asyncio.create_task(twice())
    await asyncio.sleep(1)
    trace("cancel a returns", task.cancel("a"))
    await asyncio.sleep(1)
    trace("cancel b returns", task.cancel("b"))
    try:
        await task
    except asyncio.CancelledError as e:
        trace("main caught", describe(e))


run(main)
