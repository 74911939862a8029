# A future's result arrives in the same loop turn as the timeout's deadline (both timers at
# t=1, the result's set first): CPython delivers the cancellation at that await, so the result
# is lost and TimeoutError comes out.
import asyncio
from harness import elapsed, run, trace


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(1, fut.set_result, "value")
    try:
        async with asyncio.timeout(1):
            v = await fut
            trace("block got", v, "at", elapsed())
    except TimeoutError:
        trace("TimeoutError at", elapsed())
    trace("cancelling():", asyncio.current_task().cancelling())


run(main)
