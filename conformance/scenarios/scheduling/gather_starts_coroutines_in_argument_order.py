# gather() of coroutines wraps each in a task in argument order: their first steps come in
# that order, after the caller suspends; results come back in argument order too.
import asyncio
from harness import elapsed, run, trace


async def job(name, delay):
    trace(name, "starts")
    await asyncio.sleep(delay)
    trace(name, "ends at", elapsed())
    return name


async def main():
    results = await asyncio.gather(job("a", 3), job("b", 1), job("c", 2))
    trace("results", results)


run(main)
