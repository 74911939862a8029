# A task's first step waits for its creator to give the loop back: work the creator does
# before its next await (however long) comes first; the task runs during that await.
import asyncio
from harness import elapsed, run, trace


async def child():
    trace("child starts at", elapsed())


async def main():
    task = asyncio.create_task(child())
    for i in range(3):
        trace("creator works", i, "done():", task.done())
    trace("creator awaits sleep(1)")
    await asyncio.sleep(1)
    trace("creator back at", elapsed(), "done():", task.done())


run(main)
