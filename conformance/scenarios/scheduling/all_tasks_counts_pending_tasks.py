# all_tasks() lists the loop's tasks that are not done, the running one included: new tasks
# count from create_task(), finished ones drop out.
import asyncio
from harness import run, trace


async def worker(delay):
    await asyncio.sleep(delay)


async def main():
    trace("alone:", len(asyncio.all_tasks()))
    tasks = [asyncio.create_task(worker(d)) for d in (1, 2, 3)]
    trace("after creating three:", len(asyncio.all_tasks()))
    trace("main is listed:", asyncio.current_task() in asyncio.all_tasks())
    await tasks[0]
    trace("after the first ends:", len(asyncio.all_tasks()))
    await asyncio.gather(*tasks)
    trace("after all end:", len(asyncio.all_tasks()))


run(main)
