# gather(return_exceptions=True): a child cancelled directly shows up in the results as a
# CancelledError with its message, in its place; the other children's values are kept.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    a = asyncio.create_task(child("a", 1))
    b = asyncio.create_task(child("b", 5))
    c = asyncio.create_task(child("c", 3))
    asyncio.get_running_loop().call_later(2, b.cancel, "b dropped")
    results = await asyncio.gather(a, b, c, return_exceptions=True)
    trace("at", elapsed())
    for r in results:
        trace(" ", describe(r) if isinstance(r, BaseException) else r)


run(main)
