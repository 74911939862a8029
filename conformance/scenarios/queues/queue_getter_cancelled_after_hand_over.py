# A getter cancelled after a put has woken it, before it runs: CPython raises CancelledError
# at its get and wakes the next getter, which takes the item; the library keeps the hand-over
# (the get returns the item, the cancellation comes at the getter's next suspension).
import asyncio
from harness import describe, elapsed, run, trace


async def getter(queue, name):
    try:
        item = await queue.get()
        trace(name, "got", item, "at", elapsed())
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        trace(name, "raised", describe(e), "at", elapsed())
        raise


async def main():
    queue = asyncio.Queue()
    a = asyncio.create_task(getter(queue, "a"))
    b = asyncio.create_task(getter(queue, "b"))
    await asyncio.sleep(1)
    queue.put_nowait("x")
    a.cancel()
    await asyncio.sleep(1)
    trace("b done", b.done(), "qsize()", queue.qsize())
    queue.put_nowait("y")
    await asyncio.gather(a, b, return_exceptions=True)
    trace("a cancelled()", a.cancelled(), "qsize()", queue.qsize(), "at", elapsed())


run(main)
