# Awaiting a coroutine runs it inline in the awaiting task, at once and with no turn given
# away; wrapping the same coroutine in a task defers its start to a later turn.
import asyncio
from harness import run, trace


async def step(name):
    trace(name, "runs in", asyncio.current_task().get_name())
    return name


async def main():
    loop = asyncio.get_running_loop()
    asyncio.current_task().set_name("main")
    loop.call_soon(trace, "queued callback")
    trace("inline gives", await step("inline"))
    task = asyncio.create_task(step("task"), name="child")
    trace("task created")
    trace("task gives", await task)


run(main)
