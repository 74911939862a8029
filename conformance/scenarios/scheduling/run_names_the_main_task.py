# Tasks created without a name are called "Task-N", N counting the tasks made so far on the
# run, the main task being Task-1; a name given explicitly does not use up a number.
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
