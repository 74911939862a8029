# wait_for(task, 0): a task already done gives its result; a task not done is cancelled and
# waited for, then TimeoutError; a task that swallows that cancellation gives its result.
import asyncio
from harness import describe, elapsed, run, trace


async def value(v):
    return v


async def sleeper():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        trace("sleeper cancelled at", elapsed())
        raise


async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        trace("stubborn cancelled at", elapsed(), "and returns")
    return "stubborn"


async def main():
    done = asyncio.create_task(value("ready"))
    await asyncio.sleep(0)
    trace("done task gives", await asyncio.wait_for(done, 0))
    pending = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    try:
        await asyncio.wait_for(pending, 0)
    except TimeoutError as e:
        trace("pending task:", describe(e), "cancelled():", pending.cancelled())
    stub = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    trace("stubborn task gives", await asyncio.wait_for(stub, -1))


run(main)
