# Cancelling a task that awaits gather() cancels every child that is not done yet (a child
# that already finished keeps its result); the awaiter gets CancelledError.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "at", elapsed())
        raise
    trace(name, "finished at", elapsed())
    return name


async def main():
    a = asyncio.create_task(child("a", 1))
    b = asyncio.create_task(child("b", 5))
    c = asyncio.create_task(child("c", 6))

    async def awaiter():
        return await asyncio.gather(a, b, c)

    w = asyncio.create_task(awaiter())
    await asyncio.sleep(2)
    w.cancel("enough")
    try:
        await w
    except asyncio.CancelledError as e:
        trace("awaiter raised", describe(e), "at", elapsed())
    trace("a:", a.result(), "b cancelled() =", b.cancelled(), "c cancelled() =", c.cancelled())


run(main)
