# shield() of a task that is already done gives its result at once, without a loop turn: a
# task made just before has not run when the await returns.
import asyncio
from harness import elapsed, run, trace


async def value():
    return 42


async def other():
    trace("other runs")


async def main():
    task = asyncio.create_task(value())
    await asyncio.sleep(0)
    trace("task done", task.done())
    o = asyncio.create_task(other())
    trace("shield gave", await asyncio.shield(task), "at", elapsed())
    trace("before other")
    await o


run(main)
