# wait() given the same task twice lists it once (Python takes a set of the tasks).
import asyncio
from harness import elapsed, run, trace


async def child(delay):
    await asyncio.sleep(delay)
    return delay


async def main():
    a = asyncio.create_task(child(1))
    b = asyncio.create_task(child(2))
    done, pending = await asyncio.wait([a, b, a], return_when=asyncio.FIRST_COMPLETED)
    trace("first: done", len(done), "pending", len(pending), "at", elapsed())
    done, pending = await asyncio.wait([a, a, b, b])
    trace("all: done", len(done), "pending", len(pending), "at", elapsed())


run(main)
