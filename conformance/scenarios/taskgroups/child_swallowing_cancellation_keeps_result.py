# A child that catches its cancellation and returns ends with a result, not cancelled; the
# group still raises the failure that started the abort, and the result can be read after.
import asyncio
from harness import describe, elapsed, run, trace


async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        trace("stubborn cancelled at", elapsed(), "and returns")
        return "kept"
    return "normal"


async def failing():
    await asyncio.sleep(1)
    raise ValueError("boom")


async def main():
    tasks = []
    try:
        async with asyncio.TaskGroup() as tg:
            tasks.append(tg.create_task(stubborn()))
            tg.create_task(failing())
    except ExceptionGroup as eg:
        trace("caught", describe(eg), "at", elapsed())
    t = tasks[0]
    trace("stubborn cancelled():", t.cancelled(), "result:", t.result())


run(main)
