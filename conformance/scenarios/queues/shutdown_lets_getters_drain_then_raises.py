# Queue.shutdown() (Python 3.13): puts raise QueueShutDown at once; getters still get what is
# queued, then QueueShutDown; a getter waiting on the empty queue is woken with it.
import asyncio
from harness import describe, elapsed, run, trace


async def getter(queue, name):
    while True:
        try:
            item = await queue.get()
        except asyncio.QueueShutDown as e:
            trace(name, "sees", describe(e), "at", elapsed())
            return
        trace(name, "got", item, "at", elapsed())
        queue.task_done()
        await asyncio.sleep(1)


async def main():
    queue = asyncio.Queue()
    for i in range(3):
        queue.put_nowait(i)
    workers = [asyncio.create_task(getter(queue, name)) for name in ("a", "b")]
    await asyncio.sleep(0.5)
    queue.shutdown()
    trace("shut down at", elapsed(), "with", queue.qsize(), "queued")
    try:
        await queue.put(9)
    except asyncio.QueueShutDown as e:
        trace("put raised", describe(e))
    await asyncio.gather(*workers)
    trace("done at", elapsed(), "empty", queue.empty())


run(main)
