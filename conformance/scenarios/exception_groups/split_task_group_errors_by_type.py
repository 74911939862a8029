# Splitting what a task group with a nested group raised: the TimeoutErrors, wherever they
# are, come out with the groups around them; the rest keeps its own nesting.
import asyncio
from harness import describe, run, trace


async def fail(delay, exc):
    await asyncio.sleep(delay)
    raise exc


async def cleanup_fails(exc):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        await asyncio.sleep(0.1)
        raise exc


async def inner():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fail(1, TimeoutError("inner timeout")))
        tg.create_task(cleanup_fails(ValueError("inner value")))


def show(group):
    return "None" if group is None else describe(group)


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(inner())
            tg.create_task(cleanup_fails(TimeoutError("outer timeout")))
    except ExceptionGroup as eg:
        trace("raised:", describe(eg))
        timeouts, rest = eg.split(TimeoutError)
        trace("timeouts:", show(timeouts))
        trace("rest:", show(rest))


run(main)
