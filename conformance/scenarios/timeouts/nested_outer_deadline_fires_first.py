# Nested timeouts, the outer deadline first: the cancellation passes through the inner block as
# CancelledError (its deadline is not the one that passed) and becomes TimeoutError at the
# outer block.
import asyncio
from harness import describe, elapsed, run, trace


async def main():
    try:
        async with asyncio.timeout(1):
            try:
                async with asyncio.timeout(5):
                    await asyncio.sleep(10)
            except BaseException as e:
                trace("inner block raised", describe(e), "at", elapsed())
                raise
    except TimeoutError as e:
        trace("outer block raised", describe(e), "at", elapsed())


run(main)
