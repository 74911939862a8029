# Cancelling a task that is in asyncio.wait() stops only the waiting: the awaited tasks are
# not cancelled and finish on their own.
import asyncio
from harness import describe, elapsed, run, trace


async def job(name, delay):
    await asyncio.sleep(delay)
    trace(name, "finishes at", elapsed())
    return name


async def waiter(tasks):
    try:
        await asyncio.wait(tasks)
    except asyncio.CancelledError as e:
        trace("waiter caught", describe(e), "at", elapsed())
        raise


async def main():
    a = asyncio.create_task(job("a", 2))
    b = asyncio.create_task(job("b", 3))
    w = asyncio.create_task(waiter([a, b]))
    await asyncio.sleep(1)
    w.cancel("stop waiting")
    await asyncio.gather(w, return_exceptions=True)
    trace("a cancelled() =", a.cancelled(), "b cancelled() =", b.cancelled())
    trace("results", await a, await b, "at", elapsed())


run(main)
