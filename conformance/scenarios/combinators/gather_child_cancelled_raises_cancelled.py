# A child of gather() cancelled from outside (not through the gather): the gather raises
# CancelledError, with the child's message, to its awaiter, which itself was not cancelled;
# the other children keep running.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay):
    await asyncio.sleep(delay)
    trace(name, "finishes at", elapsed())
    return name


async def main():
    a = asyncio.create_task(child("a", 5))
    b = asyncio.create_task(child("b", 3))
    asyncio.get_running_loop().call_later(1, a.cancel, "from outside")
    try:
        await asyncio.gather(a, b)
    except asyncio.CancelledError as e:
        trace("gather raised", describe(e), "at", elapsed())
    trace("main cancelling()", asyncio.current_task().cancelling())
    trace("b result", await b, "at", elapsed())


run(main)
