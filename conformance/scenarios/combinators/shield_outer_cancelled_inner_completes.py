# shield(): cancelling the task that awaits it raises CancelledError there at once; the
# shielded task is not cancelled, finishes, and its result stays in its task (lost to the
# awaiter, kept for whoever holds the task).
import asyncio
from harness import describe, elapsed, run, trace


async def inner():
    await asyncio.sleep(3)
    trace("inner finishes at", elapsed())
    return "saved"


async def outer(task):
    try:
        value = await asyncio.shield(task)
    except asyncio.CancelledError as e:
        trace("outer caught", describe(e), "at", elapsed())
        raise
    trace("outer got", value)


async def main():
    task = asyncio.create_task(inner())
    o = asyncio.create_task(outer(task))
    await asyncio.sleep(1)
    o.cancel("stop outer")
    try:
        await o
    except asyncio.CancelledError:
        trace("outer cancelled", o.cancelled(), "inner cancelled", task.cancelled())
    trace("inner still running", not task.done())
    trace("inner result", await task, "at", elapsed())


run(main)
