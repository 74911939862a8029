# A task that catches its CancelledError and returns is not cancelled: cancelled() is False,
# its awaiter gets the value, and cancelling() still reports the request it ignored.
import asyncio
from harness import describe, elapsed, run, trace


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("stubborn ignores", describe(e), "at", elapsed())
    await asyncio.sleep(1)
    return "done anyway"


async def main():
    task = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    task.cancel("please stop")
    trace("await gives", await task, "at", elapsed())
    trace("cancelled() =", task.cancelled(), "cancelling() =", task.cancelling())


run(main)
