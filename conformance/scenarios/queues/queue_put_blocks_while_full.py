# Queue(maxsize=2): a put on a full queue waits until a get frees a slot; full() is True
# meanwhile. Putters waiting on a full queue are served in the order they came.
import asyncio
from harness import elapsed, run, trace


async def producer(queue, name, item, arrive):
    await asyncio.sleep(arrive)
    trace(name, "puts", item, "at", elapsed(), "full()", queue.full())
    await queue.put(item)
    trace(name, "put", item, "done at", elapsed())


async def main():
    queue = asyncio.Queue(maxsize=2)
    tasks = [asyncio.create_task(producer(queue, n, i, d)) for n, i, d in
             (("p1", 1, 0), ("p2", 2, 0.5), ("p3", 3, 1), ("p4", 4, 1.5), ("p5", 5, 2))]
    await asyncio.sleep(3)
    for _ in range(5):
        trace("got", await queue.get(), "at", elapsed())
        await asyncio.sleep(1)
    await asyncio.gather(*tasks)
    trace("empty()", queue.empty())


run(main)
