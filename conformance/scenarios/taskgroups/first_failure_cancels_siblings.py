# A child's failure cancels its siblings and the body; the group raises an ExceptionGroup of
# the failures alone (not the cancellations), after every child has finished.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay, fail):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        trace(name, "cancelled at", elapsed())
        await asyncio.sleep(0.5)  # clean-up that takes time: the group waits for it
        trace(name, "cleaned up at", elapsed())
        raise
    if fail:
        trace(name, "fails at", elapsed())
        raise ValueError(name)
    trace(name, "finishes at", elapsed())


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("quick", 1, False))
            tg.create_task(child("failing", 2, True))
            tg.create_task(child("slow", 5, False))
            await asyncio.sleep(10)
            trace("body not reached")
    except* ValueError as eg:
        trace("caught", describe(eg), "at", elapsed())
    except* asyncio.CancelledError:
        trace("a CancelledError escaped")
    trace("after the group at", elapsed())


run(main)
