# A failure inside an inner group reaches the outer group as the inner ExceptionGroup, nested
# as one sub-exception next to the outer children's own failures.
import asyncio
from harness import describe, elapsed, run, trace


async def failing(name, delay):
    await asyncio.sleep(delay)
    trace(name, "fails at", elapsed())
    raise ValueError(name)


async def inner_group():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(failing("inner", 1))
        tg.create_task(asyncio.sleep(10))


async def outer_child():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("outer sibling cancelled at", elapsed())
        raise ValueError("outer sibling") from None


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(inner_group())
            tg.create_task(outer_child())
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())
        trace("first is a group:", isinstance(eg.exceptions[0], ExceptionGroup))


run(main)
