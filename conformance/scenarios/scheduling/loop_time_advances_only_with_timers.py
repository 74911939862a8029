# On a virtual clock, loop.time() moves only when the loop waits for a timer: sleep(0) and
# plain work take no time, concurrent sleeps overlap, and sequential ones add up.
import asyncio
from harness import elapsed, run, trace


async def main():
    for _ in range(100):
        await asyncio.sleep(0)
    trace("after 100 sleep(0):", elapsed())
    await asyncio.gather(asyncio.sleep(1.5), asyncio.sleep(0.25), asyncio.sleep(1))
    trace("after concurrent 1.5/0.25/1:", elapsed())
    await asyncio.sleep(0.25)
    await asyncio.sleep(0.25)
    trace("after two sequential 0.25:", elapsed())


run(main)
