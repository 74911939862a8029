# A group with no children and a body that does not await finishes without a loop turn: a
# task scheduled before it does not run in between.
import asyncio
from harness import elapsed, run, trace


async def other():
    trace("other task runs")


async def main():
    asyncio.create_task(other())
    async with asyncio.TaskGroup():
        trace("body")
    trace("after the group at", elapsed())
    await asyncio.sleep(0)
    trace("after a yield")


run(main)
