# A get with a putter waiting on a full queue wakes it, but until the putter runs the slot is
# free: full() is False and a task that did not wait can take it with put_nowait().
import asyncio
from harness import describe, elapsed, run, trace


async def putter(queue):
    await queue.put("p")
    trace("putter put at", elapsed())


async def main():
    queue = asyncio.Queue(maxsize=1)
    queue.put_nowait("a")
    p = asyncio.create_task(putter(queue))
    await asyncio.sleep(1)
    trace("got", queue.get_nowait())
    trace("after get: full()", queue.full(), "qsize()", queue.qsize())
    try:
        queue.put_nowait("main")
        trace("put_nowait by main succeeded")
    except asyncio.QueueFull as e:
        trace("put_nowait by main raised", describe(e))
    await asyncio.sleep(1)
    trace("putter done()", p.done(), "qsize()", queue.qsize())
    trace("got", queue.get_nowait())
    await p
    trace("left", queue.qsize())


run(main)
