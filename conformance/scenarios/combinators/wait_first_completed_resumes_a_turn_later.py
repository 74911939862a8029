# wait(FIRST_COMPLETED) resumes the waiter one loop turn after the first task is done (a done
# callback completes wait's own future, which wakes the waiter on the next turn), so a task
# that finishes in that turn is in `done` too; a task given twice is listed once.
import asyncio
from harness import repr_list, run, trace


async def finish_after(turns, name):
    for _ in range(turns):
        await asyncio.sleep(0)
    trace(name, "finishes")
    return name


async def main():
    a = asyncio.create_task(finish_after(1, "a"), name="a")
    b = asyncio.create_task(finish_after(2, "b"), name="b")
    c = asyncio.create_task(finish_after(4, "c"), name="c")
    done, pending = await asyncio.wait({b, a, c, a}, return_when=asyncio.FIRST_COMPLETED)
    trace("done", repr_list(sorted(t.get_name() for t in done)))
    trace("pending", repr_list(sorted(t.get_name() for t in pending)))
    await c


run(main)
