# A body that turns the group's cancellation into an exception of its own: that exception
# joins the group after the children's failures.
import asyncio
from harness import describe, elapsed, run, trace


async def failing():
    await asyncio.sleep(1)
    trace("child fails at", elapsed())
    raise ValueError("child")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing())
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                trace("body cancelled at", elapsed())
                raise RuntimeError("body gives up")
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())


run(main)
