# wait_for: the inner coroutine is cancelled when the time runs out and may take time to
# finish; TimeoutError comes once it has. A result that comes first is returned.
import asyncio
from harness import describe, elapsed, run, trace


async def slow(delay, value):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        trace("slow cancelled at", elapsed())
        raise
    return value


async def main():
    trace("quick gives", await asyncio.wait_for(slow(1, "quick"), 2))
    try:
        await asyncio.wait_for(slow(5, "late"), 3)
    except TimeoutError as e:
        trace("caught", describe(e), "at", elapsed())
    try:
        await asyncio.wait_for(slow(1, "unstarted"), 0)
    except TimeoutError as e:
        trace("zero timeout:", describe(e), "at", elapsed())


run(main)
