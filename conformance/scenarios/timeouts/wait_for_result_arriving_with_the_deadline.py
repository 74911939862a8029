# wait_for on a future whose result is set in the same loop turn as the deadline passes (both
# timers at t=1, the result's set first): wait_for returns the result, it is not lost. (3.11's
# wait_for checks the future first; 3.12's, built on timeout(), loses it as
# result_arriving_with_the_deadline shows; the library keeps it in both.)
import asyncio
from harness import elapsed, run, trace


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(1, fut.set_result, "value")
    try:
        v = await asyncio.wait_for(fut, 1)
        trace("wait_for gave", v, "at", elapsed())
    except TimeoutError:
        trace("TimeoutError at", elapsed())
    trace("cancelling():", asyncio.current_task().cancelling())


run(main)
