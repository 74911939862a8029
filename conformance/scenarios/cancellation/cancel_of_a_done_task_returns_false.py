# cancel() on a task that is done returns False and changes nothing: the task keeps its
# result (or its exception), cancelled() stays False and cancelling() stays 0.
import asyncio
from harness import describe, run, trace


async def ok():
    return "kept"


async def fails():
    raise ValueError("v")


async def main():
    good = asyncio.create_task(ok())
    bad = asyncio.create_task(fails())
    await asyncio.sleep(0)
    trace("cancel good returns", good.cancel("late"), "cancel bad returns", bad.cancel())
    trace("good:", good.result(), good.cancelled(), good.cancelling())
    trace("bad:", describe(bad.exception()), bad.cancelled(), bad.cancelling())


run(main)
