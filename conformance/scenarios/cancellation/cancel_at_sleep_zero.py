# A cancel() that comes while a task is in sleep(0) is delivered at that await: the task's
# next step raises CancelledError instead of going on.
import asyncio
from harness import describe, run, trace


async def spinner():
    i = 0
    try:
        while True:
            trace("spin", i)
            i += 1
            await asyncio.sleep(0)
    except asyncio.CancelledError as e:
        trace("spinner caught", describe(e), "after", i, "spins")
        raise


async def main():
    task = asyncio.create_task(spinner())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    task.cancel("dizzy")
    await asyncio.gather(task, return_exceptions=True)
    trace("cancelled() =", task.cancelled())


run(main)
