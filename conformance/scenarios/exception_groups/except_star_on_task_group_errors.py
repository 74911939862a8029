# except* on what a task group raised: the handler gets the ValueErrors, and the group of the
# other failures, with the task group's message, goes on to the next handler.
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
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(fail(1, ValueError("v1")))
                tg.create_task(cleanup_fails(0.1, TimeoutError("t")))
                tg.create_task(cleanup_fails(0.2, ValueError("v2")))
        except* ValueError as m:
            for e in m.exceptions:
                trace("handled", describe(e))
    except ExceptionGroup as rest:
        trace("left:", describe(rest), "str:", str(rest))


run(main)
