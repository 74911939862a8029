# The body may catch the cancellation a child's failure caused and carry on awaiting; the
# group waits for it, then raises the child's failure, and takes its cancellation back.
import asyncio
from harness import describe, elapsed, run, trace


async def failing():
    await asyncio.sleep(1)
    raise ValueError("boom")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing())
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                trace("body cancelled at", elapsed())
            trace("cancelling() in the body:", asyncio.current_task().cancelling())
            await asyncio.sleep(2)
            trace("body done at", elapsed())
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())
    trace("cancelling() after:", asyncio.current_task().cancelling())
    await asyncio.sleep(1)
    trace("the next await completes at", elapsed())


run(main)
