# reset() after abort() repairs the Barrier: broken becomes False and the next round passes
# with fresh indexes.
import asyncio
from harness import describe, elapsed, run, trace


async def party(barrier, name):
    try:
        index = await barrier.wait()
    except asyncio.BrokenBarrierError as e:
        trace(name, "raised", describe(e), "at", elapsed())
        return
    trace(name, "passes with index", index, "at", elapsed())


async def main():
    barrier = asyncio.Barrier(2)
    await barrier.abort()
    await party(barrier, "early")
    await barrier.reset()
    trace("after reset: broken", barrier.broken, "n_waiting", barrier.n_waiting)
    b = asyncio.create_task(party(barrier, "b"))
    await asyncio.sleep(1)
    trace("n_waiting", barrier.n_waiting)
    await party(barrier, "c")
    await b


run(main)
