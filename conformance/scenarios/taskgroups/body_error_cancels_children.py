# An exception raised by the body cancels the children; once they have finished, the group
# raises an ExceptionGroup holding the body's exception alone.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        trace(name, "cancelled at", elapsed())
        raise
    trace(name, "finishes at", elapsed())


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("short", 0.5))
            tg.create_task(child("long", 3))
            await asyncio.sleep(1)
            trace("body raises at", elapsed())
            raise ValueError("from the body")
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())


run(main)
