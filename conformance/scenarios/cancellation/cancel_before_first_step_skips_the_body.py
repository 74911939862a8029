# A task cancelled before its first step never runs its body: it ends cancelled, with the
# message, and its awaiter gets CancelledError carrying it.
import asyncio
from harness import describe, run, trace


async def body():
    trace("body ran")


async def main():
    task = asyncio.create_task(body())
    trace("cancel returns", task.cancel("early"))
    trace("cancelling() =", task.cancelling(), "done() =", task.done())
    try:
        await task
    except asyncio.CancelledError as e:
        trace("main caught", describe(e))
    trace("cancelled() =", task.cancelled())


run(main)
