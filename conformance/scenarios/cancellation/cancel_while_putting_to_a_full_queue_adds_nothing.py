# A putter cancelled while waiting for room in a full Queue adds nothing: the getter sees only
# the items that were put, and the queue ends empty.
import asyncio
from harness import describe, elapsed, run, trace


async def putter(queue, item):
    try:
        await queue.put(item)
        trace("put", item, "at", elapsed())
    except asyncio.CancelledError as e:
        trace("putting", item, "cancelled:", describe(e))
        raise


async def main():
    queue = asyncio.Queue(maxsize=1)
    await queue.put(1)
    two = asyncio.create_task(putter(queue, 2))
    three = asyncio.create_task(putter(queue, 3))
    await asyncio.sleep(1)
    two.cancel("never mind")
    await asyncio.sleep(0)
    got = []
    for _ in range(2):
        got.append(await queue.get())
    await asyncio.gather(two, three, return_exceptions=True)
    trace("got", got, "qsize() =", queue.qsize(), "at", elapsed())


run(main)
