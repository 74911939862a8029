# cancel(msg) on a sleeping task: the task sees CancelledError with the message at its await,
# cancelling() counts the request, and the awaiter of the task gets CancelledError too.
import asyncio
from harness import describe, elapsed, run, trace


async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("sleeper caught", describe(e), "at", elapsed())
        trace("cancelling() =", asyncio.current_task().cancelling())
        raise


async def main():
    task = asyncio.create_task(sleeper())
    await asyncio.sleep(1)
    trace("cancel returns", task.cancel("enough"))
    trace("cancel again returns", task.cancel("twice"))
    try:
        await task
    except asyncio.CancelledError as e:
        trace("main caught", describe(e))
    trace("cancelled() =", task.cancelled(), "done() =", task.done())
    trace("cancel after done returns", task.cancel())


run(main)
