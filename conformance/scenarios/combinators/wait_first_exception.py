# wait(FIRST_EXCEPTION) returns when a task raises; tasks that finished normally before it
# are in `done` too; the others are left running.
import asyncio
from harness import describe, elapsed, repr_list, run, trace


async def child(delay, fail):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"failed after {delay}")
    return delay


async def main():
    specs = (("a", 1, False), ("b", 2, True), ("c", 3, True), ("d", 4, False))
    tasks = [asyncio.create_task(child(d, f), name=n) for n, d, f in specs]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    trace("returned at", elapsed())
    trace("done", repr_list(sorted(t.get_name() for t in done)))
    trace("pending", repr_list(sorted(t.get_name() for t in pending)))
    for t in sorted(done, key=lambda t: t.get_name()):
        if t.exception() is not None:
            trace(t.get_name(), "raised", describe(t.exception()))
    await asyncio.wait(pending)
    trace("c raised", describe(tasks[2].exception()), "at", elapsed())


run(main)
