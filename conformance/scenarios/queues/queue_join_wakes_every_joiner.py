# Several tasks may join() a queue: the last task_done() wakes them all, in the order they
# started waiting; task_done() counts puts, whether or not the item was got.
import asyncio
from harness import elapsed, run, trace


async def joiner(queue, name, arrive):
    await asyncio.sleep(arrive)
    await queue.join()
    trace(name, "joined at", elapsed())


async def main():
    queue = asyncio.Queue()
    queue.put_nowait("a")
    queue.put_nowait("b")
    tasks = [asyncio.create_task(joiner(queue, n, d)) for n, d in (("j1", 2), ("j2", 1), ("j3", 3))]
    await asyncio.sleep(4)
    queue.task_done()
    trace("one task_done at", elapsed(), "qsize()", queue.qsize())
    await asyncio.sleep(1)
    queue.task_done()
    trace("second task_done at", elapsed(), "qsize()", queue.qsize())
    await asyncio.gather(*tasks)


run(main)
