# A child that raises CancelledError itself ends cancelled: that is not a failure, so its
# siblings and the body go on and the group ends without an error.
import asyncio
from harness import elapsed, run, trace


async def quitter():
    await asyncio.sleep(1)
    trace("quitter raises CancelledError at", elapsed())
    raise asyncio.CancelledError()


async def worker():
    await asyncio.sleep(2)
    trace("worker done at", elapsed())


async def main():
    async with asyncio.TaskGroup() as tg:
        q = tg.create_task(quitter())
        tg.create_task(worker())
        await asyncio.sleep(1.5)
        trace("body done at", elapsed())
    trace("group done at", elapsed(), "quitter cancelled():", q.cancelled())


run(main)
