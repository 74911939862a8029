# A task cancelled inside wait_for() whose inner coroutine catches the CancelledError and
# returns a value: since Python 3.12 wait_for() returns that value and the task goes on
# (3.11 raised CancelledError regardless).
import asyncio
from harness import describe, elapsed, run, trace


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("inner caught", describe(e), "and returns partial")
        return "partial"
    return "full"


async def outer():
    try:
        value = await asyncio.wait_for(inner(), 5)
    except asyncio.CancelledError as e:
        trace("outer caught", describe(e), "at", elapsed())
        raise
    trace("outer got", value, "at", elapsed(), "cancelling() =", asyncio.current_task().cancelling())
    return value


async def main():
    task = asyncio.create_task(outer())
    await asyncio.sleep(1)
    task.cancel("halt")
    await asyncio.gather(task, return_exceptions=True)
    trace("cancelled() =", task.cancelled(), "at", elapsed())


run(main)
