# Cancelling a task that awaits another task is passed to the inner one; if the inner task
# catches it and returns a value, the outer task gets that value and goes on, uncancelled,
# though its cancelling() still counts the request.
import asyncio
from harness import describe, run, trace


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("inner caught", describe(e), "and returns 99")
        return 99


async def outer(task):
    value = await task
    trace("outer got", value, "cancelling() =", asyncio.current_task().cancelling())
    await asyncio.sleep(1)
    trace("outer slept on")
    return value + 1


async def main():
    i = asyncio.create_task(inner())
    o = asyncio.create_task(outer(i))
    await asyncio.sleep(1)
    trace("cancel returns", o.cancel("stop"))
    trace("outer gives", await o, "cancelled() =", o.cancelled())


run(main)
