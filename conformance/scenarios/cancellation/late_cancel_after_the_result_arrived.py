# A task woken by a future's result and cancelled before it runs: CPython raises the
# CancelledError at that await and the result is lost (the library keeps the result and
# delivers the cancellation at the next await: a documented deviation).
import asyncio
from harness import describe, run, trace


async def waiter(fut):
    try:
        value = await fut
        trace("waiter got", value)
        await asyncio.sleep(0)
        trace("waiter went on")
    except asyncio.CancelledError as e:
        trace("waiter caught", describe(e))
        raise


async def main():
    fut = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0)
    fut.set_result("payload")
    task.cancel("too late")
    await asyncio.gather(task, return_exceptions=True)
    trace("cancelled() =", task.cancelled())


run(main)
