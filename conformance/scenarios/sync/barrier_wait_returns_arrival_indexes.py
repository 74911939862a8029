# Barrier(3): wait() blocks until three tasks wait, then lets them all go; each gets its
# arrival index (0, 1, 2); n_waiting counts the tasks waiting so far.
import asyncio
from harness import elapsed, run, trace


async def party(barrier, name, arrive):
    await asyncio.sleep(arrive)
    trace(name, "arrives at", elapsed())
    index = await barrier.wait()
    trace(name, "passes with index", index, "at", elapsed())


async def main():
    barrier = asyncio.Barrier(3)
    trace("parties", barrier.parties, "n_waiting", barrier.n_waiting)
    tasks = [asyncio.create_task(party(barrier, n, d)) for n, d in
             (("a", 2), ("b", 1), ("c", 3))]
    await asyncio.sleep(2.5)
    trace("n_waiting at", elapsed(), "is", barrier.n_waiting)
    await asyncio.gather(*tasks)
    trace("n_waiting after", barrier.n_waiting, "broken", barrier.broken)


run(main)
