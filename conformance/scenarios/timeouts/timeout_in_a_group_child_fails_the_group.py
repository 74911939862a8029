# A timeout inside a task group's child: its TimeoutError is that child's failure, so the
# group cancels the siblings and raises it in an ExceptionGroup.
import asyncio
from harness import describe, elapsed, run, trace


async def limited():
    async with asyncio.timeout(1):
        await asyncio.sleep(10)


async def sibling():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("sibling cancelled at", elapsed())
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(limited())
            tg.create_task(sibling())
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())


run(main)
