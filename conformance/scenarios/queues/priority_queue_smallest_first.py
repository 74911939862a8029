# PriorityQueue gives the smallest item first (as heapq); (priority, name) pairs come out by
# priority, then name.
import asyncio
from harness import run, trace


async def main():
    queue = asyncio.PriorityQueue()
    for item in ((3, "c"), (1, "b"), (2, "z"), (1, "a"), (5, "e")):
        queue.put_nowait(item)
    while not queue.empty():
        priority, name = await queue.get()
        trace("got", priority, name)


run(main)
