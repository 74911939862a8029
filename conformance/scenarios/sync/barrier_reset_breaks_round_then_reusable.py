# Barrier.reset(): the tasks waiting in the current round raise BrokenBarrierError; the
# barrier is not broken afterwards and the next round passes normally.
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
    first = asyncio.create_task(party(barrier, "a"))
    await asyncio.sleep(1)
    await barrier.reset()
    trace("reset at", elapsed())
    await first
    trace("broken", barrier.broken, "n_waiting", barrier.n_waiting)
    await asyncio.sleep(1)
    await asyncio.gather(party(barrier, "b"), party(barrier, "c"))
    trace("round done at", elapsed())


run(main)
