# cancel(msg) on the outermost of three tasks, each awaiting the next, reaches the innermost
# one: each sees CancelledError with the same message, innermost first, and each counts
# exactly one cancellation request.
import asyncio
from harness import describe, run, trace


async def link(name, below):
    try:
        if below is None:
            await asyncio.sleep(10)
        else:
            await below
    except asyncio.CancelledError as e:
        trace(name, "caught", describe(e), "cancelling() =", asyncio.current_task().cancelling())
        raise


async def main():
    bottom = asyncio.create_task(link("bottom", None))
    middle = asyncio.create_task(link("middle", bottom))
    top = asyncio.create_task(link("top", middle))
    await asyncio.sleep(1)
    top.cancel("shutdown")
    try:
        await top
    except asyncio.CancelledError as e:
        trace("main caught", describe(e))
    trace("all cancelled:", bottom.cancelled(), middle.cancelled(), top.cancelled())


run(main)
