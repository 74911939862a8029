# Condition.wait_for(predicate) checks the predicate at once and again after each wake-up,
# with the lock held, and returns the predicate's value once it is true.
import asyncio
from harness import elapsed, run, trace

state = {"value": 0, "checks": 0}


def ready():
    state["checks"] += 1
    trace("check", state["checks"], "sees", state["value"], "at", elapsed())
    return state["value"] >= 3


async def consumer(cond):
    async with cond:
        result = await cond.wait_for(ready)
        trace("wait_for returned", result, "at", elapsed())


async def main():
    cond = asyncio.Condition()
    task = asyncio.create_task(consumer(cond))
    for _ in range(3):
        await asyncio.sleep(1)
        async with cond:
            state["value"] += 1
            cond.notify()
    await task
    async with cond:
        result = await cond.wait_for(ready)
        trace("already true: wait_for returned", result, "at", elapsed())


run(main)
