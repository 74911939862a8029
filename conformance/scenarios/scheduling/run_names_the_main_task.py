# The main task of asyncio.run() is named like any other: "Task-1", the first task of the
# run; the tasks after it count on from there.
import asyncio
from harness import run, trace


async def child():
    return asyncio.current_task().get_name()


async def main():
    trace("main is", asyncio.current_task().get_name())
    a = asyncio.create_task(child())
    b = asyncio.create_task(child(), name="named")
    c = asyncio.create_task(child())
    trace("names", await a, await b, await c)


run(main)
