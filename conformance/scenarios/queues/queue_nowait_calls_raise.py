# put_nowait() on a full queue raises QueueFull and get_nowait() on an empty one QueueEmpty;
# neither changes the queue.
import asyncio
from harness import describe, run, trace


async def main():
    queue = asyncio.Queue(maxsize=1)
    try:
        queue.get_nowait()
    except asyncio.QueueEmpty as e:
        trace("get_nowait raised", describe(e))
    queue.put_nowait(1)
    try:
        queue.put_nowait(2)
    except asyncio.QueueFull as e:
        trace("put_nowait raised", describe(e))
    trace("qsize()", queue.qsize(), "got", queue.get_nowait())
    try:
        queue.get_nowait()
    except asyncio.QueueEmpty as e:
        trace("get_nowait raised again", describe(e))


run(main)
