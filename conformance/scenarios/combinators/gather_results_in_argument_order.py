# gather() returns the results in the order of its arguments, not the order the children
# finish in; the children start in argument order, on the loop's next turn.
import asyncio
from harness import elapsed, repr_list, run, trace


async def child(name, delay):
    trace(name, "starts at", elapsed())
    await asyncio.sleep(delay)
    trace(name, "finishes at", elapsed())
    return name


async def main():
    results = await asyncio.gather(child("a", 3), child("b", 1), child("c", 2))
    trace("gather gave", repr_list(results), "at", elapsed())


run(main)
