# A task that awaits itself gets RuntimeError ("Task cannot await on itself") at that await,
# on the loop's next turn; it can catch it and go on to return a value.
import asyncio
from harness import kind, run, trace


async def selfish():
    try:
        await asyncio.current_task()
    except RuntimeError as e:
        trace("selfish caught", kind(e))
    await asyncio.sleep(1)
    return "selfish done"


async def other():
    trace("other runs")


async def main():
    task = asyncio.create_task(selfish())
    asyncio.create_task(other())
    trace("result", await task)


run(main)
