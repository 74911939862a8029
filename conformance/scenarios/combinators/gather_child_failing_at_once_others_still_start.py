# gather() of coroutines makes them all tasks first: when the first one fails at its very
# first step, the others have been scheduled already and start all the same (and keep
# running); the gather raises once they have had their first step.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, fail, delay=1):
    trace(name, "starts")
    if fail:
        raise ValueError(name)
    await asyncio.sleep(delay)
    trace(name, "finishes at", elapsed())


async def main():
    try:
        await asyncio.gather(child("a", True), child("b", False), child("c", False, 2))
    except ValueError as e:
        trace("gather raised", describe(e), "at", elapsed())
    await asyncio.sleep(3)
    trace("main ends at", elapsed())


run(main)
