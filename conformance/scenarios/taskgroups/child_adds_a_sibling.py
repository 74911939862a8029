# A child may add tasks to its own group; the group waits for them too.
import asyncio
from harness import elapsed, run, trace


async def grandchild():
    await asyncio.sleep(2)
    trace("added task done at", elapsed())


async def parent(tg):
    await asyncio.sleep(1)
    tg.create_task(grandchild())
    trace("child added a task at", elapsed())


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(parent(tg))
    trace("group done at", elapsed())


run(main)
