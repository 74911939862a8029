# The body may finish first: the group waits for every child, which keep running normally,
# and returns once the last one is done.
import asyncio
from harness import elapsed, run, trace


async def child(name, delay):
    await asyncio.sleep(delay)
    trace(name, "done at", elapsed())


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(child("b", 3))
        tg.create_task(child("a", 2))
        await asyncio.sleep(1)
        trace("body done at", elapsed())
    trace("group done at", elapsed())


run(main)
