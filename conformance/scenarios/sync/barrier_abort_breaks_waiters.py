# Barrier.abort(): the tasks waiting raise BrokenBarrierError, and so does every later wait,
# until reset().
import asyncio
from harness import describe, elapsed, run, trace


async def party(barrier, name):
    try:
        await barrier.wait()
    except asyncio.BrokenBarrierError as e:
        trace(name, "raised", describe(e), "at", elapsed())


async def main():
    barrier = asyncio.Barrier(3)
    tasks = [asyncio.create_task(party(barrier, n)) for n in ("a", "b")]
    await asyncio.sleep(1)
    await barrier.abort()
    trace("aborted at", elapsed(), "broken", barrier.broken)
    await asyncio.gather(*tasks)
    await party(barrier, "late")
    trace("n_waiting", barrier.n_waiting)


run(main)
