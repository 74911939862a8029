# wait(FIRST_COMPLETED) resumes its caller one loop turn after the first task is done, so a
# task that finishes in that turn (here one that was awaiting the first) is in `done` too.
import asyncio
from harness import elapsed, repr_list, run, trace


async def first():
    await asyncio.sleep(1)
    return "first"


async def follower(task):
    return "after " + await task


async def main():
    a = asyncio.create_task(first(), name="a")
    b = asyncio.create_task(follower(a), name="b")
    c = asyncio.create_task(asyncio.sleep(5), name="c")
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_COMPLETED)
    trace("returned at", elapsed())
    trace("done", repr_list(sorted(t.get_name() for t in done)))
    trace("pending", repr_list(sorted(t.get_name() for t in pending)))
    c.cancel()


run(main)
