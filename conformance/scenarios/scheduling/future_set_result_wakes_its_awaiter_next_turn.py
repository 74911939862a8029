# set_result() does not run the awaiting task: its wake-up is queued behind what is already
# in the ready queue, ahead of what is scheduled after set_result().
import asyncio
from harness import run, trace


async def waiter(fut):
    trace("waiter awaits the future")
    value = await fut
    trace("waiter got", value)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    task = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0)
    loop.call_soon(trace, "callback before set_result")
    fut.set_result(42)
    trace("set_result returned, done():", fut.done(), "task done():", task.done())
    loop.call_soon(trace, "callback after set_result")
    await task
    trace("main done")


run(main)
