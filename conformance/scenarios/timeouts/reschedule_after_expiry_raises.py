# Once the deadline has passed, the timeout cannot be moved: reschedule() in the block's
# cleanup raises RuntimeError, and the block still ends in TimeoutError.
import asyncio
from harness import describe, elapsed, kind, run, trace


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1) as cm:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                try:
                    cm.reschedule(loop.time() + 10)
                    trace("reschedule accepted (not expected)")
                except RuntimeError as e:
                    trace("reschedule raised", kind(e))
                raise
    except TimeoutError as e:
        trace("caught", describe(e), "at", elapsed())


run(main)
