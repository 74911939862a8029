# wait(FIRST_COMPLETED) returns as soon as one task is done: that one in `done`, the rest in
# `pending`, still running (wait cancels nothing).
import asyncio
from harness import elapsed, repr_list, run, trace


async def child(delay):
    await asyncio.sleep(delay)
    return delay


async def main():
    tasks = [asyncio.create_task(child(d), name=n) for n, d in (("a", 3), ("b", 1), ("c", 2))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    trace("returned at", elapsed())
    trace("done", repr_list(sorted(t.get_name() for t in done)))
    trace("pending", repr_list(sorted(t.get_name() for t in pending)))
    trace("pending cancelled", any(t.cancelled() for t in pending))
    done, pending = await asyncio.wait(tasks)
    trace("all done at", elapsed(), "done", len(done), "pending", len(pending))


run(main)
