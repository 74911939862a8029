# uncancel() takes back one cancellation request and returns the count left, never below 0;
# a task that catches its CancelledError and uncancels goes on as if not cancelled, and a
# later cancel() is counted again from there.
import asyncio
from harness import describe, elapsed, run, trace


async def resilient():
    me = asyncio.current_task()
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("caught", describe(e), "cancelling() =", me.cancelling())
        trace("uncancel returns", me.uncancel())
        trace("uncancel again returns", me.uncancel())
    await asyncio.sleep(1)
    trace("still running at", elapsed())
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("caught again", describe(e), "cancelling() =", me.cancelling())
        raise


async def main():
    task = asyncio.create_task(resilient())
    await asyncio.sleep(1)
    task.cancel("first")
    await asyncio.sleep(2)
    task.cancel("second")
    await asyncio.gather(task, return_exceptions=True)
    trace("cancelled() =", task.cancelled(), "at", elapsed())


run(main)
