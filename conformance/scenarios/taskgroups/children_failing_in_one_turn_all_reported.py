# Children that fail in the same loop turn are all in the group, in the order they failed:
# the group's abort runs from the done callbacks, after every step of that turn; a sibling
# still sleeping is cancelled.
import asyncio
from harness import describe, elapsed, run, trace


async def failing(name):
    trace(name, "raises at", elapsed())
    raise ValueError(name)


async def sleeper():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        trace("sleeper cancelled at", elapsed())
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing("a"))
            tg.create_task(sleeper())
            tg.create_task(failing("b"))
            tg.create_task(failing("c"))
    except* ValueError as eg:
        trace("caught", describe(eg), "at", elapsed())


run(main)
