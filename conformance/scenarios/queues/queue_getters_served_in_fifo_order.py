# Tasks waiting on an empty queue get the items in the order they started waiting.
import asyncio
from harness import elapsed, run, trace


async def getter(queue, name, arrive):
    await asyncio.sleep(arrive)
    item = await queue.get()
    trace(name, "got", item, "at", elapsed())


async def main():
    queue = asyncio.Queue()
    tasks = [asyncio.create_task(getter(queue, n, d)) for n, d in
             (("a", 2), ("b", 1), ("c", 3))]
    await asyncio.sleep(4)
    for item in (10, 20, 30):
        queue.put_nowait(item)
    await asyncio.gather(*tasks)


run(main)
