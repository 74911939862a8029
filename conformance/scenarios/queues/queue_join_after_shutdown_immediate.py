# join() across Queue.shutdown(immediate=True) (Python 3.13): the dropped items count as done,
# but an item a worker took before the shutdown still needs its task_done(); join() returns
# then, and the worker's next get() raises QueueShutDown.
import asyncio
from harness import describe, elapsed, run, trace


async def worker(queue):
    while True:
        try:
            item = await queue.get()
        except asyncio.QueueShutDown as e:
            trace("worker sees", describe(e), "at", elapsed())
            return
        trace("worker got", item, "at", elapsed())
        await asyncio.sleep(2)
        trace("worker done with", item, "at", elapsed())
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    for item in (1, 2, 3):
        queue.put_nowait(item)
    w = asyncio.create_task(worker(queue))
    asyncio.get_running_loop().call_later(1, queue.shutdown, True)
    await queue.join()
    trace("joined at", elapsed(), "qsize()", queue.qsize())
    await w


run(main)
