# wait_for(shield(task), t): the timeout cancels the shield's awaiter, not the task; wait_for
# raises TimeoutError at the deadline and the task runs on to its result.
import asyncio
from harness import describe, elapsed, run, trace


async def slow():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        trace("slow was cancelled")
        raise
    trace("slow finishes at", elapsed())
    return "done"


async def main():
    task = asyncio.create_task(slow())
    try:
        await asyncio.wait_for(asyncio.shield(task), 2)
    except TimeoutError as e:
        trace("wait_for raised", describe(e), "at", elapsed())
    trace("task cancelled()", task.cancelled(), "done()", task.done())
    trace("task result", await task, "at", elapsed())


run(main)
