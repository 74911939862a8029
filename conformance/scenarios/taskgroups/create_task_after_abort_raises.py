# Once a child has failed the group is shutting down: create_task raises RuntimeError and the
# coroutine never runs (the other children are already cancelled).
import asyncio
from harness import describe, elapsed, kind, run, trace


async def never(name):
    trace(name, "runs (not expected)")


async def failing():
    await asyncio.sleep(1)
    raise ValueError("boom")


async def adder(tg):
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        trace("adder cancelled at", elapsed())
        try:
            tg.create_task(never("late"))
        except RuntimeError as e:
            trace("create_task raised", kind(e))
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing())
            tg.create_task(adder(tg))
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())
    await asyncio.sleep(1)
    trace("done at", elapsed())


run(main)
