# The event a task waits on is set and the task is cancelled in the same turn, before the
# task runs: CPython's wait() raises CancelledError (the library's wait() returns, and the
# cancellation comes at the task's next await: a documented deviation).
import asyncio
from harness import describe, elapsed, run, trace


async def waiter(event):
    try:
        await event.wait()
        trace("waiter woke")
        await asyncio.sleep(1)
        trace("waiter went on")
    except asyncio.CancelledError as e:
        trace("waiter cancelled:", describe(e), "at", elapsed())
        raise


async def main():
    event = asyncio.Event()
    task = asyncio.create_task(waiter(event))
    await asyncio.sleep(1)
    event.set()
    task.cancel("both at once")
    await asyncio.gather(task, return_exceptions=True)
    trace("cancelled() =", task.cancelled(), "is_set() =", event.is_set())


run(main)
