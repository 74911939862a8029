# A timeout around a task group: at the deadline the body is cancelled, the group cancels its
# children and raises CancelledError, which the timeout turns into TimeoutError (no group).
import asyncio
from harness import describe, elapsed, run, trace


async def child(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace(name, "cancelled at", elapsed())
        raise


async def main():
    try:
        async with asyncio.timeout(2):
            try:
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(child("a"))
                    tg.create_task(child("b"))
            except BaseException as e:
                trace("group raised", describe(e))
                raise
    except TimeoutError as e:
        trace("caught", describe(e), "at", elapsed())


run(main)
