# An exception raised by the predicate of Condition.wait_for() comes out of wait_for() with
# the lock held (as after any wait); the lock is released by the caller's `async with`.
import asyncio
from harness import describe, elapsed, run, trace

state = {"checks": 0}


def predicate():
    state["checks"] += 1
    if state["checks"] == 2:
        raise ValueError("bad state")
    return False


async def waiter(cond):
    try:
        async with cond:
            try:
                await cond.wait_for(predicate)
            except ValueError as e:
                trace("wait_for raised", describe(e), "at", elapsed(), "locked()", cond.locked())
                raise
    except ValueError:
        trace("after the block: locked()", cond.locked())


async def main():
    cond = asyncio.Condition()
    w = asyncio.create_task(waiter(cond))
    await asyncio.sleep(1)
    async with cond:
        cond.notify()
    await w
    trace("checks", state["checks"])


run(main)
