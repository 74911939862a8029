# create_task() does not run anything: each new task takes its first step in a later turn,
# in the order the tasks were created, and only once the creator yields.
import asyncio
from harness import run, trace


async def child(name):
    trace(name, "first step")
    await asyncio.sleep(0)
    trace(name, "second step")


async def main():
    tasks = [asyncio.create_task(child(name)) for name in ("a", "b", "c")]
    trace("created three, none ran")
    for t in tasks:
        await t
    trace("all done")


run(main)
