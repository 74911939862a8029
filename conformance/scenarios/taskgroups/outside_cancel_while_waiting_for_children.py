# The body has finished and the group waits for its children when the task is cancelled from
# outside: the children are cancelled, and CancelledError comes out once they are done.
import asyncio
from harness import describe, elapsed, run, trace


async def child(delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        trace("child cancelled at", elapsed())
        raise
    trace("child finished at", elapsed())


async def runner():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child(1))
            tg.create_task(child(10))
            trace("body done at", elapsed())
    except BaseException as e:
        trace("group raised", describe(e), "at", elapsed())
        raise
    trace("not reached")


async def main():
    task = asyncio.create_task(runner())
    await asyncio.sleep(3)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        trace("runner cancelled at", elapsed())


run(main)
