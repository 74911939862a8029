# Cancelling the awaiter of gather(return_exceptions=True) whose children catch the
# cancellation and return normally: the gather still raises CancelledError to the awaiter
# (a requested cancellation is never turned into results), once the children have returned.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace(name, "swallows the cancellation at", elapsed())
        await asyncio.sleep(1)
        return name + " gave up"
    return name


async def parent(tasks):
    try:
        results = await asyncio.gather(*tasks, return_exceptions=True)
    except asyncio.CancelledError as e:
        trace("parent caught", describe(e), "at", elapsed())
        raise
    trace("parent got results")


async def main():
    tasks = [asyncio.create_task(child(n)) for n in ("a", "b")]
    p = asyncio.create_task(parent(tasks))
    await asyncio.sleep(1)
    p.cancel()
    await asyncio.gather(p, return_exceptions=True)
    trace("parent cancelled()", p.cancelled(), "at", elapsed())
    trace("children:", tasks[0].result(), "/", tasks[1].result())


run(main)
