# Nested timeouts, the inner deadline first: TimeoutError comes out of the inner block, and the
# outer block goes on under its own deadline.
import asyncio
from harness import describe, elapsed, run, trace


async def main():
    try:
        async with asyncio.timeout(5):
            try:
                async with asyncio.timeout(1):
                    await asyncio.sleep(10)
            except TimeoutError as e:
                trace("inner block raised", describe(e), "at", elapsed())
            await asyncio.sleep(2)
            trace("outer block goes on at", elapsed())
            await asyncio.sleep(10)
    except TimeoutError:
        trace("outer block timed out at", elapsed())


run(main)
