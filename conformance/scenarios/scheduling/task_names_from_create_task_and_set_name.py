# A task's name: the one given to create_task(name=), replaced by set_name(); current_task()
# inside the task is that same task and sees the new name.
import asyncio
from harness import run, trace


async def child():
    me = asyncio.current_task()
    trace("child is", me.get_name())
    await asyncio.sleep(0)
    trace("child now is", asyncio.current_task().get_name())


async def main():
    asyncio.current_task().set_name("main")
    trace("main is", asyncio.current_task().get_name())
    task = asyncio.create_task(child(), name="worker-1")
    trace("created", task.get_name())
    await asyncio.sleep(0)
    task.set_name("renamed")
    trace("renamed to", task.get_name())
    await task
    trace("done", task.get_name())


run(main)
