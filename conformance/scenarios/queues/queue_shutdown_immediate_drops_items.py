# Queue.shutdown(immediate=True) (Python 3.13) drops the items still queued at once, each
# counted as done for join(); from then on gets and puts raise QueueShutDown, and only the
# items already taken may still be marked task_done().
import asyncio
from harness import describe, run, trace


async def main():
    queue = asyncio.Queue()
    for item in (1, 2, 3):
        queue.put_nowait(item)
    trace("got", await queue.get(), "qsize()", queue.qsize())
    queue.shutdown(immediate=True)
    trace("after shutdown(immediate=True): qsize()", queue.qsize(), "empty()", queue.empty())
    try:
        queue.get_nowait()
    except asyncio.QueueShutDown as e:
        trace("get_nowait raised", describe(e))
    try:
        await queue.get()
    except asyncio.QueueShutDown as e:
        trace("get raised", describe(e))
    try:
        queue.put_nowait(4)
    except asyncio.QueueShutDown as e:
        trace("put_nowait raised", describe(e))
    queue.task_done()
    trace("task_done for the item taken")
    try:
        queue.task_done()
    except ValueError as e:
        trace("second task_done raised", describe(e))


run(main)
