# A child's failure cancels the body while it waits inside a timeout block whose deadline has
# not come: the cancellation passes through that block as CancelledError (it is not the
# timeout's), and the group raises the child's failure.
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
                async with asyncio.timeout(5):
                    await asyncio.sleep(10)
            except BaseException as e:
                trace("timeout block raised", describe(e), "at", elapsed())
                raise
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())
    trace("cancelling():", asyncio.current_task().cancelling())


run(main)
