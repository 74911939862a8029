# The tasks create_task returned hold their results once the group is done; children start
# on the next turn, in the order they were created.
import asyncio
from harness import repr_list, run, trace


async def square(n):
    trace("start", n)
    await asyncio.sleep(n * 0.1)
    return n * n


async def main():
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(square(n)) for n in (3, 1, 2)]
        trace("created; done:", repr_list(t.done() for t in tasks))
    trace("results:", repr_list(t.result() for t in tasks))


run(main)
