# The task whose arrival fills a round may wait again at once: it starts the next round (index
# 0 again), which the others join once they have left the first one.
import asyncio
from harness import elapsed, run, trace


async def party(barrier, name, rounds):
    for round_ in range(rounds):
        index = await barrier.wait()
        trace(name, "round", round_, "index", index, "at", elapsed(), "n_waiting", barrier.n_waiting)


async def main():
    barrier = asyncio.Barrier(2)
    a = asyncio.create_task(party(barrier, "a", 2))
    await asyncio.sleep(1)
    b = asyncio.create_task(party(barrier, "b", 2))
    await asyncio.gather(a, b)
    trace("n_waiting", barrier.n_waiting, "at", elapsed())


run(main)
