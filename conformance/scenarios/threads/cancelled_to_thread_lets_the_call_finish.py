# Cancelling a task awaiting to_thread: the task sees CancelledError at once, while the call
# runs on to its end on its thread (its result is dropped).
import asyncio
import threading
from harness import describe, run, trace


async def main():
    loop = asyncio.get_running_loop()
    started = asyncio.Event()
    finished = asyncio.Event()
    release = threading.Event()

    def work():
        loop.call_soon_threadsafe(started.set)
        release.wait()
        loop.call_soon_threadsafe(finished.set)
        return "dropped"

    async def waiter():
        try:
            return await asyncio.to_thread(work)
        except asyncio.CancelledError as e:
            trace("waiter sees", describe(e), "call finished:", finished.is_set())
            raise

    task = asyncio.create_task(waiter())
    await started.wait()
    task.cancel("stop waiting")
    try:
        await task
    except asyncio.CancelledError:
        trace("task cancelled:", task.cancelled())
    trace("call finished yet:", finished.is_set())
    release.set()
    await finished.wait()
    trace("the call finished afterwards")


run(main)
