# With return_exceptions=True a child cancelled from outside is one more outcome: a
# CancelledError in its place, and the gather waits for the others.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    a = asyncio.create_task(child("a", 5))
    b = asyncio.create_task(child("b", 3))
    asyncio.get_running_loop().call_later(1, a.cancel)
    outcomes = await asyncio.gather(a, b, return_exceptions=True)
    trace("gather returned at", elapsed())
    trace("a:", describe(outcomes[0]))
    trace("b:", outcomes[1])


run(main)
