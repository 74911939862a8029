# Cancelling the task that awaits gather() cancels every child still running (a finished
# one keeps its result); the awaiter then raises CancelledError.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        trace(name, "cancelled at", elapsed())
        raise
    trace(name, "finishes at", elapsed())
    return name


async def parent(tasks):
    try:
        await asyncio.gather(*tasks)
    except asyncio.CancelledError as e:
        trace("parent caught", describe(e), "at", elapsed())
        raise


async def main():
    tasks = [asyncio.create_task(child(name, delay)) for name, delay in
             (("a", 1), ("b", 5), ("c", 6))]
    p = asyncio.create_task(parent(tasks))
    await asyncio.sleep(2)
    trace("cancel returns", p.cancel())
    try:
        await p
    except asyncio.CancelledError:
        trace("parent task cancelled", p.cancelled())
    for t, name in zip(tasks, "abc"):
        trace(name, "cancelled()", t.cancelled())


run(main)
