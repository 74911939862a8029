# join() waits until every item put has been marked task_done() (not merely taken); one
# task_done() too many raises ValueError.
import asyncio
from harness import describe, elapsed, run, trace


async def worker(queue):
    while True:
        item = await queue.get()
        await asyncio.sleep(item)
        trace("processed", item, "at", elapsed())
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    await queue.join()
    trace("join on a fresh queue returns at", elapsed())
    for item in (1, 2, 3):
        queue.put_nowait(item)
    w = asyncio.create_task(worker(queue))
    await queue.join()
    trace("joined at", elapsed(), "qsize()", queue.qsize())
    w.cancel()
    try:
        queue.task_done()
    except ValueError as e:
        trace("task_done raised", describe(e))


run(main)
