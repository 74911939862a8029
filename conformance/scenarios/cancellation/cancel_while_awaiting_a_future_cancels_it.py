# Cancelling a task suspended on a future cancels the future too (with the message); the
# task gets CancelledError, and setting the future afterwards is an InvalidStateError.
import asyncio
from harness import describe, kind, run, trace


async def waiter(fut):
    try:
        await fut
    except asyncio.CancelledError as e:
        trace("waiter caught", describe(e))
        raise


async def main():
    fut = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0)
    task.cancel("no longer needed")
    trace("right after cancel: future cancelled() =", fut.cancelled())
    try:
        await task
    except asyncio.CancelledError as e:
        trace("main caught", describe(e))
    try:
        fut.set_result(1)
    except asyncio.InvalidStateError as e:
        trace("set_result raised", kind(e))


run(main)
