# A child has failed and the group is waiting for its siblings to clean up when the task is
# cancelled from outside: the group still raises its ExceptionGroup (errors have priority over
# the cancellation). The outside request is still counted by cancelling() afterwards.
import asyncio
from harness import describe, elapsed, run, trace


async def failing():
    await asyncio.sleep(1)
    trace("child fails at", elapsed())
    raise ValueError("boom")


async def slow_cleanup():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("sibling cancelled at", elapsed())
        await asyncio.sleep(2)
        trace("sibling cleaned up at", elapsed())
        raise


async def runner():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing())
            tg.create_task(slow_cleanup())
    except BaseException as e:
        trace("group raised", describe(e), "at", elapsed())
    trace("cancelling():", asyncio.current_task().cancelling())
    try:
        await asyncio.sleep(1)
        trace("the next await completes at", elapsed())
    except asyncio.CancelledError:
        trace("the next await is cancelled at", elapsed())
        raise


async def main():
    task = asyncio.create_task(runner())
    await asyncio.sleep(2)
    trace("cancelling the runner at", elapsed())
    task.cancel()
    try:
        await task
    except BaseException as e:
        trace("runner ended with", describe(e), "at", elapsed())


run(main)
