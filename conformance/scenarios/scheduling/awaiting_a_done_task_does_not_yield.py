# Awaiting a task that is already done returns its result at once, without giving the loop
# a turn: a callback queued just before still waits.
import asyncio
from harness import run, trace


async def child():
    return 3


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(child())
    await asyncio.sleep(0)
    trace("task done():", task.done())
    loop.call_soon(trace, "queued callback")
    trace("await gives", await task)
    trace("await again gives", await task)
    await asyncio.sleep(0)
    trace("after a real yield")


run(main)
