# wait_for with a zero or negative timeout: a task that is already done gives its result; one
# that is not is cancelled (before its first step, here: its body never runs) and
# TimeoutError follows.
import asyncio
from harness import kind, run, trace


async def value(v):
    trace("value", v, "runs")
    return v


async def main():
    done = asyncio.create_task(value(5))
    await asyncio.sleep(0)
    trace("done task, timeout 0:", await asyncio.wait_for(done, 0))
    trace("done task, timeout -1:", await asyncio.wait_for(done, -1))
    fresh = asyncio.create_task(value(7))
    try:
        await asyncio.wait_for(fresh, 0)
    except TimeoutError as e:
        trace("fresh task:", kind(e), "cancelled() =", fresh.cancelled())


run(main)
