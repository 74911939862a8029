# Two tasks await the same task; cancelling one of them cancels the shared task too, so the
# other awaiter gets CancelledError as well, though nobody cancelled it (cancelling() 0).
import asyncio
from harness import describe, run, trace


async def shared():
    await asyncio.sleep(10)


async def awaiter(name, task):
    try:
        await task
    except asyncio.CancelledError as e:
        trace(name, "caught", describe(e), "cancelling() =", asyncio.current_task().cancelling())
        raise


async def main():
    s = asyncio.create_task(shared())
    a = asyncio.create_task(awaiter("a", s))
    b = asyncio.create_task(awaiter("b", s))
    await asyncio.sleep(1)
    a.cancel("a leaves")
    await asyncio.gather(a, b, return_exceptions=True)
    trace("shared cancelled() =", s.cancelled(), "b cancelled() =", b.cancelled())


run(main)
