# A Barrier is cyclic: after a round passes, the next `parties` waits make a new round, with
# indexes from 0 again.
import asyncio
from harness import elapsed, run, trace


async def party(barrier, name, delay):
    for round_ in range(3):
        await asyncio.sleep(delay)
        index = await barrier.wait()
        trace(name, "round", round_, "index", index, "at", elapsed())


async def main():
    barrier = asyncio.Barrier(2)
    await asyncio.gather(party(barrier, "fast", 1), party(barrier, "slow", 2))
    trace("n_waiting", barrier.n_waiting, "broken", barrier.broken)


run(main)
