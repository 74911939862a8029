# Timeout.expired() is False until the deadline passes, and True in the block's cleanup once
# it has; when() keeps the deadline.
import asyncio
from harness import deadline, elapsed, run, trace


async def main():
    try:
        async with asyncio.timeout(2) as cm:
            trace("expired at start:", cm.expired(), "when:", deadline(cm.when()))
            await asyncio.sleep(1)
            trace("expired at", elapsed(), ":", cm.expired())
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                trace("expired in cleanup at", elapsed(), ":", cm.expired())
                raise
    except TimeoutError:
        trace("timed out at", elapsed())


run(main)
