# add_done_callback on a task that is already done does not call the callback at once: it is
# scheduled with call_soon, behind what was already queued.
import asyncio
from harness import run, trace


async def child():
    return "value"


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(child())
    await task
    loop.call_soon(trace, "queued before")
    task.add_done_callback(lambda t: trace("done callback sees", t.result()))
    loop.call_soon(trace, "queued after")
    trace("callback added, not yet run")
    await asyncio.sleep(0)
    trace("main after one turn")


run(main)
