# wait_for(task, d): at the deadline the task itself is cancelled and waited for; TimeoutError
# then, and the task is left cancelled.
import asyncio
from harness import describe, elapsed, run, trace


async def work():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("task cancelled at", elapsed())
        await asyncio.sleep(1)
        trace("task cleaned up at", elapsed())
        raise


async def main():
    task = asyncio.create_task(work())
    try:
        await asyncio.wait_for(task, 2)
    except TimeoutError as e:
        trace("caught", describe(e), "at", elapsed())
    trace("task cancelled():", task.cancelled())


run(main)
