# A task cancelled while waiting at a Barrier leaves the round without breaking it: n_waiting
# drops and the round needs another party to pass.
import asyncio
from harness import describe, elapsed, run, trace


async def party(barrier, name):
    try:
        index = await barrier.wait()
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "at", elapsed())
        raise
    trace(name, "passes with index", index, "at", elapsed())


async def main():
    barrier = asyncio.Barrier(3)
    a = asyncio.create_task(party(barrier, "a"))
    await asyncio.sleep(1)
    b = asyncio.create_task(party(barrier, "b"))
    await asyncio.sleep(1)
    trace("n_waiting", barrier.n_waiting)
    b.cancel()
    await asyncio.sleep(1)
    trace("after cancel: n_waiting", barrier.n_waiting, "broken", barrier.broken)
    c = asyncio.create_task(party(barrier, "c"))
    await asyncio.sleep(1)
    d = asyncio.create_task(party(barrier, "d"))
    await asyncio.gather(a, c, d)
    trace("b cancelled()", b.cancelled(), "n_waiting", barrier.n_waiting)


run(main)
