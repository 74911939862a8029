# Callbacks and task steps share one FIFO: call_soon callbacks run in the order they were
# scheduled, between the steps of tasks made before and after them.
import asyncio
from harness import elapsed, run, trace


async def worker(name, steps):
    for i in range(steps):
        trace(name, "step", i)
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(trace, "callback 1")
    a = asyncio.create_task(worker("a", 3))
    loop.call_soon(trace, "callback 2")
    b = asyncio.create_task(worker("b", 2))
    trace("main yields")
    await asyncio.sleep(0)
    trace("main back")
    await a
    await b
    trace("done at", elapsed())


run(main)
