# gather() without return_exceptions: when one child is cancelled directly, the awaiter of the
# gather gets CancelledError at once; the other children are not cancelled and go on.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay):
    await asyncio.sleep(delay)
    trace(name, "finishes at", elapsed())
    return name


async def main():
    a = asyncio.create_task(child("a", 5))
    b = asyncio.create_task(child("b", 3))
    asyncio.get_running_loop().call_later(2, a.cancel, "a is cancelled")
    try:
        await asyncio.gather(a, b)
    except asyncio.CancelledError as e:
        trace("gather raised", describe(e), "at", elapsed())
    trace("main cancelling() =", asyncio.current_task().cancelling())
    trace("b gives", await b, "at", elapsed())


run(main)
