# gather() given the same task twice waits for it once and puts its result in both places.
import asyncio
from harness import elapsed, repr_list, run, trace


async def child(name, delay):
    await asyncio.sleep(delay)
    trace(name, "finishes at", elapsed())
    return name


async def main():
    a = asyncio.create_task(child("a", 2))
    b = asyncio.create_task(child("b", 1))
    results = await asyncio.gather(a, b, a)
    trace("gather gave", repr_list(results), "at", elapsed())


run(main)
