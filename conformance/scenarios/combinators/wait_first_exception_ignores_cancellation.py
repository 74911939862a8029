# wait(FIRST_EXCEPTION): a task that is cancelled does not count as raising; with no failure
# it waits for every task, like ALL_COMPLETED.
import asyncio
from harness import elapsed, repr_list, run, trace


async def child(delay):
    await asyncio.sleep(delay)
    return delay


async def main():
    tasks = [asyncio.create_task(child(d), name=n) for n, d in (("a", 3), ("b", 5), ("c", 2))]
    asyncio.get_running_loop().call_later(1, tasks[1].cancel)
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    trace("returned at", elapsed())
    trace("done", repr_list(sorted(t.get_name() for t in done)), "pending", len(pending))
    trace("b cancelled", tasks[1].cancelled())


run(main)
