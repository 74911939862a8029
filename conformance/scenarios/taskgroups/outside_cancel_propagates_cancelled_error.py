# Cancelling the task that runs the group while children run: the children are cancelled,
# the group waits for them, and CancelledError (not a group) comes out, with the message
# given to cancel(); the task's cancelling() counts the one request.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, cleanup):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace(name, "cancelled at", elapsed())
        await asyncio.sleep(cleanup)
        trace(name, "cleaned up at", elapsed())
        raise


async def runner():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("a", 0.5))
            tg.create_task(child("b", 1))
            await asyncio.sleep(10)
    except BaseException as e:
        trace("group raised", describe(e), "at", elapsed())
        trace("cancelling():", asyncio.current_task().cancelling())
        raise


async def main():
    task = asyncio.create_task(runner())
    await asyncio.sleep(2)
    task.cancel("stop")
    try:
        await task
    except asyncio.CancelledError:
        trace("runner cancelled:", task.cancelled(), "at", elapsed())


run(main)
