# Tasks created without a name are called "Task-N", N counting every task made so far on the
# run (the main task is the first): a task given a name still uses up a number.
import asyncio
from harness import run, trace


async def child():
    return asyncio.current_task().get_name()


async def main():
    a = asyncio.create_task(child())
    b = asyncio.create_task(child(), name="named")
    c = asyncio.create_task(child())
    trace("names", await a, await b, await c)


run(main)
