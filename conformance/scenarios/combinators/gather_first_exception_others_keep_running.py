# Without return_exceptions, gather() raises the first child's exception as soon as it
# happens; the other children are not cancelled and run to their end, their results kept
# in their tasks.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay, fail):
    await asyncio.sleep(delay)
    if fail:
        trace(name, "fails at", elapsed())
        raise ValueError(name)
    trace(name, "finishes at", elapsed())
    return name


async def main():
    a = asyncio.create_task(child("a", 1, True))
    b = asyncio.create_task(child("b", 2, True))
    c = asyncio.create_task(child("c", 3, False))
    try:
        await asyncio.gather(a, b, c)
    except ValueError as e:
        trace("gather raised", describe(e), "at", elapsed())
    trace("b done", b.done(), "c done", c.done())
    await asyncio.sleep(5)
    trace("b exception", describe(b.exception()), "c result", c.result(), "cancelled", c.cancelled())


run(main)
