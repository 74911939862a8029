# Cancelling a task inside wait_for() before the deadline cancels the inner coroutine and
# raises CancelledError (with the message), not TimeoutError, at the cancel's time.
import asyncio
from harness import describe, elapsed, run, trace


async def slow():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("slow cancelled:", describe(e), "at", elapsed())
        raise


async def outer():
    try:
        await asyncio.wait_for(slow(), 5)
    except asyncio.CancelledError as e:
        trace("outer caught", describe(e), "at", elapsed())
        raise
    except TimeoutError:
        trace("outer timed out")


async def main():
    task = asyncio.create_task(outer())
    await asyncio.sleep(1)
    task.cancel("halt")
    await asyncio.gather(task, return_exceptions=True)
    trace("cancelled() =", task.cancelled(), "at", elapsed())


run(main)
