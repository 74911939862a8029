# Each cancel() of a pending task returns True and adds one to cancelling(), even before the
# first is delivered; the task sees a single CancelledError, with the first message.
import asyncio
from harness import describe, run, trace


async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("sleeper caught", describe(e), "cancelling() =", asyncio.current_task().cancelling())
        raise


async def main():
    task = asyncio.create_task(sleeper())
    await asyncio.sleep(1)
    for msg in ("one", "two", "three"):
        trace("cancel", msg, "returns", task.cancel(msg), "cancelling() =", task.cancelling())
    await asyncio.gather(task, return_exceptions=True)
    trace("after: cancelling() =", task.cancelling(), "cancelled() =", task.cancelled())


run(main)
