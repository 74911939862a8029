# as_completed() gives the results in the order the tasks finish; a failed task's exception
# comes out of its own await, in its place, and the loop goes on.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(name)
    return name


async def main():
    tasks = [asyncio.create_task(child("a", 3)), asyncio.create_task(child("b", 1)),
             asyncio.create_task(child("c", 2, True)), asyncio.create_task(child("d", 4))]
    for next_result in asyncio.as_completed(tasks):
        try:
            result = await next_result
        except ValueError as e:
            trace("raised", describe(e), "at", elapsed())
            continue
        trace("got", result, "at", elapsed())


run(main)
