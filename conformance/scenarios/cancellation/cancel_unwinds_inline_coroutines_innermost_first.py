# A cancelled task unwinds the coroutines it was awaiting inline from the innermost out: each
# level's handler and clean-up runs in turn, within the same step.
import asyncio
from harness import describe, run, trace


async def level(depth):
    try:
        if depth == 3:
            await asyncio.sleep(10)
        else:
            await level(depth + 1)
    except asyncio.CancelledError as e:
        trace("level", depth, "sees", describe(e))
        raise
    finally:
        trace("level", depth, "cleans up")


async def main():
    task = asyncio.create_task(level(1))
    await asyncio.sleep(1)
    task.cancel("unwind")
    await asyncio.gather(task, return_exceptions=True)
    trace("cancelled() =", task.cancelled())


run(main)
