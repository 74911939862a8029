# wait_for whose inner coroutine catches the cancellation at the deadline and returns a value:
# wait_for returns that value, no TimeoutError.
import asyncio
from harness import elapsed, run, trace


async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        trace("inner cancelled at", elapsed())
        await asyncio.sleep(0.5)
        return "salvaged"
    return "finished"


async def main():
    result = await asyncio.wait_for(stubborn(), 1)
    trace("wait_for gave", result, "at", elapsed())
    trace("cancelling():", asyncio.current_task().cancelling())


run(main)
