# A future cancelled by its owner (not the awaiting task) wakes the awaiter with
# CancelledError carrying the message; the task ends cancelled, though nobody cancelled it
# (its cancelling() is 0).
import asyncio
from harness import describe, run, trace


async def waiter(fut):
    try:
        await fut
    except asyncio.CancelledError as e:
        trace("waiter caught", describe(e), "cancelling() =", asyncio.current_task().cancelling())
        raise


async def main():
    fut = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0)
    trace("future cancel returns", fut.cancel("abandoned"))
    trace("future cancel again returns", fut.cancel("again"))
    try:
        await task
    except asyncio.CancelledError as e:
        trace("main caught", describe(e))
    trace("task cancelled() =", task.cancelled(), "cancelling() =", task.cancelling())


run(main)
