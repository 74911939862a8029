# TimerHandle.cancel() before the deadline: the callback never runs and cancelled() is True;
# cancel() on a handle whose callback already ran still marks it cancelled().
import asyncio
from harness import elapsed, run, trace


async def main():
    loop = asyncio.get_running_loop()
    keep = loop.call_later(1, lambda: trace("kept timer fires at", elapsed()))
    drop = loop.call_later(2, lambda: trace("dropped timer fires"))
    soon = loop.call_soon(lambda: trace("dropped callback runs"))
    trace("before cancel:", drop.cancelled(), soon.cancelled())
    drop.cancel()
    soon.cancel()
    trace("after cancel:", drop.cancelled(), soon.cancelled(), keep.cancelled())
    await asyncio.sleep(3)
    keep.cancel()
    trace("at", elapsed(), "cancelling the fired handle: cancelled()", keep.cancelled())


run(main)
