# A task cleaning up after a CancelledError is still pending: cancel() again returns True,
# counts a second request, and interrupts the cleanup's own await with the new message.
import asyncio
from harness import describe, elapsed, run, trace


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("cleanup starts after", describe(e), "at", elapsed())
        try:
            await asyncio.sleep(5)
            trace("cleanup finished")
        except asyncio.CancelledError as e2:
            trace("cleanup interrupted by", describe(e2), "at", elapsed())
        raise


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    task.cancel("first")
    await asyncio.sleep(1)
    trace("done() =", task.done(), "cancel returns", task.cancel("second"),
          "cancelling() =", task.cancelling())
    try:
        await task
    except asyncio.CancelledError as e:
        trace("main caught", describe(e), "at", elapsed())


run(main)
