# Cancelling the task that waits in wait_for: the inner coroutine is cancelled and the waiter
# gets CancelledError (with the message), not TimeoutError.
import asyncio
from harness import describe, elapsed, run, trace


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("inner cancelled at", elapsed())
        raise


async def waiter():
    try:
        await asyncio.wait_for(inner(), 5)
    except BaseException as e:
        trace("wait_for raised", describe(e), "at", elapsed())
        raise


async def main():
    task = asyncio.create_task(waiter())
    await asyncio.sleep(1)
    task.cancel("enough")
    try:
        await task
    except asyncio.CancelledError:
        trace("waiter cancelled():", task.cancelled())


run(main)
