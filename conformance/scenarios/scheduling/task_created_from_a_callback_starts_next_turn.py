# create_task() from a plain loop callback works (the loop is running) and, as from a task,
# only schedules the new task: its first step comes in a later turn.
import asyncio
from harness import run, trace


async def child(name):
    trace(name, "first step")


async def main():
    loop = asyncio.get_running_loop()
    holder = []

    def spawn():
        trace("callback creates the task")
        holder.append(asyncio.create_task(child("spawned")))
        trace("callback returns")

    loop.call_soon(spawn)
    loop.call_soon(trace, "next callback")
    await asyncio.sleep(0)
    trace("main after one turn")
    await holder[0]
    trace("main after the task")


run(main)
