# A task's done callbacks run in the order they were added, each with the task, scheduled
# with call_soon when the task finishes: not inside its last step, but in a later turn.
import asyncio
from harness import run, trace


async def child():
    await asyncio.sleep(0)
    trace("child returns")
    return 7


async def ticker():
    for i in range(4):
        trace("tick", i)
        await asyncio.sleep(0)


async def main():
    task = asyncio.create_task(child())
    for name in ("first", "second", "third"):
        task.add_done_callback(lambda t, name=name: trace(name, "callback sees", t.result()))
    await asyncio.gather(task, asyncio.create_task(ticker()))
    trace("done")


run(main)
