# A task awaiting another task is woken through the task's completion, one turn later: a task
# stepping on sleep(0) meanwhile gets a step in between.
import asyncio
from harness import run, trace


async def child():
    await asyncio.sleep(0)
    trace("child returns")
    return "result"


async def ticker():
    for i in range(4):
        trace("tick", i)
        await asyncio.sleep(0)


async def main():
    c = asyncio.create_task(child())
    t = asyncio.create_task(ticker())
    trace("main got", await c)
    await t


run(main)
