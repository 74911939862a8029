# wait() with a timeout: when it passes first, wait returns (no TimeoutError) with the
# unfinished tasks in `pending`; they are not cancelled and finish later.
import asyncio
from harness import elapsed, repr_list, run, trace


async def child(name, delay):
    await asyncio.sleep(delay)
    trace(name, "finishes at", elapsed())
    return name


async def main():
    tasks = [asyncio.create_task(child(n, d), name=n) for n, d in (("a", 1), ("b", 4), ("c", 6))]
    done, pending = await asyncio.wait(tasks, timeout=2.5)
    trace("returned at", elapsed())
    trace("done", repr_list(sorted(t.get_name() for t in done)))
    trace("pending", repr_list(sorted(t.get_name() for t in pending)))
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED, timeout=10)
    trace("second wait at", elapsed(), "done", len(done), "pending", len(pending))
    done, pending = await asyncio.wait(tasks, timeout=10)
    trace("third wait at", elapsed(), "done", len(done), "pending", len(pending))


run(main)
