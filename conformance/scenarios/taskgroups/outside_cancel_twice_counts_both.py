# The task running a group is cancelled twice from outside, the second time while the group
# waits for its cancelled children: CancelledError comes out once they are done, and
# cancelling() counts both requests.
import asyncio
from harness import describe, elapsed, run, trace


async def child():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("child cancelled at", elapsed())
        await asyncio.sleep(2)
        trace("child cleaned up at", elapsed())
        raise


async def runner():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child())
            await asyncio.sleep(10)
    except BaseException as e:
        trace("group raised", describe(e), "at", elapsed())
        trace("cancelling():", asyncio.current_task().cancelling())
        raise


async def main():
    task = asyncio.create_task(runner())
    await asyncio.sleep(1)
    task.cancel("first")
    await asyncio.sleep(1)
    task.cancel("second")
    try:
        await task
    except asyncio.CancelledError:
        trace("runner cancelled at", elapsed())


run(main)
