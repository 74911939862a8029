# wait_for inside a timeout block whose deadline comes first: the wait_for's coroutine is
# cancelled, wait_for raises CancelledError (not its own TimeoutError), and the outer block
# turns it into TimeoutError.
import asyncio
from harness import describe, elapsed, run, trace


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("inner cancelled at", elapsed())
        raise


async def main():
    try:
        async with asyncio.timeout(1):
            try:
                await asyncio.wait_for(inner(), 5)
            except BaseException as e:
                trace("wait_for raised", describe(e), "at", elapsed())
                raise
    except TimeoutError as e:
        trace("block raised", describe(e), "at", elapsed())


run(main)
