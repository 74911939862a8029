# A cancel() made from a loop callback (call_later) reaches a sleeping task like any other:
# the sleep raises CancelledError at the callback's time.
import asyncio
from harness import describe, elapsed, run, trace


async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace("sleeper caught", describe(e), "at", elapsed())
        raise


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(sleeper())
    loop.call_later(2.5, task.cancel, "timer says stop")
    await asyncio.gather(task, return_exceptions=True)
    trace("cancelled() =", task.cancelled(), "at", elapsed())


run(main)
