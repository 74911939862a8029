# Cancelling the task that awaits gather() cancels the children; the awaiter raises
# CancelledError as soon as the first child ends cancelled, while another may still be
# cleaning up (it finishes later on its own).
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, cleanup):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace(name, "cancelled at", elapsed())
        await asyncio.sleep(cleanup)
        trace(name, "cleaned up at", elapsed())
        raise


async def parent():
    try:
        await asyncio.gather(child("a", 2), child("b", 1))
    except asyncio.CancelledError as e:
        trace("parent caught", describe(e), "at", elapsed())
        raise


async def main():
    p = asyncio.create_task(parent())
    await asyncio.sleep(1)
    p.cancel()
    try:
        await p
    except asyncio.CancelledError:
        trace("parent cancelled() at", elapsed(), p.cancelled())
    await asyncio.sleep(2)
    trace("main ends at", elapsed())


run(main)
