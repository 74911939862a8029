# current_task().cancel() does not raise on the spot: the code after it runs on until the
# task's next await, which raises CancelledError with the message, even sleep(0).
import asyncio
from harness import describe, run, trace


async def worker():
    me = asyncio.current_task()
    trace("cancel returns", me.cancel("myself"))
    trace("still running, cancelling() =", me.cancelling())
    try:
        await asyncio.sleep(0)
        trace("not reached")
    except asyncio.CancelledError as e:
        trace("worker caught", describe(e))
        raise


async def main():
    task = asyncio.create_task(worker())
    await asyncio.gather(task, return_exceptions=True)
    trace("cancelled() =", task.cancelled())


run(main)
