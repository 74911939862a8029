# A task group's ExceptionGroup: the message is 'unhandled errors in a TaskGroup', str() adds
# the count, and the sub-exceptions come in the order the children failed, not the order they
# were created.
import asyncio
from harness import describe, run, trace


async def fail(delay, exc):
    await asyncio.sleep(delay)
    raise exc


async def cleanup_fails(delay, exc):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        await asyncio.sleep(delay)
        raise exc


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(cleanup_fails(0.2, TypeError("late, created first")))
            tg.create_task(cleanup_fails(0.1, TimeoutError("second")))
            tg.create_task(fail(1, ValueError("first")))
    except ExceptionGroup as eg:
        trace("message:", eg.message)
        trace("str:", str(eg))
        trace("count:", len(eg.exceptions))
        for i, e in enumerate(eg.exceptions):
            trace(i, describe(e))


run(main)
