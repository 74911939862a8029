# Cancelling a task that awaits shield(inner): the awaiter gets CancelledError at once, the
# inner task is not cancelled and runs to its end; its result stays readable.
import asyncio
from harness import describe, elapsed, run, trace


async def inner():
    await asyncio.sleep(3)
    trace("inner finishes at", elapsed())
    return "saved"


async def outer(task):
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError as e:
        trace("outer caught", describe(e), "at", elapsed())
        raise


async def main():
    i = asyncio.create_task(inner())
    o = asyncio.create_task(outer(i))
    await asyncio.sleep(1)
    o.cancel("leave")
    await asyncio.gather(o, return_exceptions=True)
    trace("outer cancelled() =", o.cancelled(), "inner done() =", i.done(),
          "inner cancelling() =", i.cancelling())
    trace("inner gives", await i, "at", elapsed())


run(main)
