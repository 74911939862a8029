# A sibling that fails while cleaning up after its cancellation adds its own exception: the
# group holds both failures, in the order they happened.
import asyncio
from harness import describe, elapsed, run, trace


async def failing():
    await asyncio.sleep(1)
    raise ValueError("first")


async def messy():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("messy cancelled at", elapsed())
    await asyncio.sleep(0.5)
    trace("messy fails at", elapsed())
    raise RuntimeError("cleanup failed")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing())
            tg.create_task(messy())
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())


run(main)
