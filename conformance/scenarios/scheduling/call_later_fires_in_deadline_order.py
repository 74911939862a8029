# call_later/call_at timers fire in the order of their deadlines, not of scheduling, each at
# its own loop time.
import asyncio
from harness import elapsed, run, trace


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(3, lambda: trace("3 s timer at", elapsed()))
    loop.call_later(1, lambda: trace("1 s timer at", elapsed()))
    loop.call_at(loop.time() + 2, lambda: trace("call_at +2 at", elapsed()))
    loop.call_later(0.5, lambda: trace("0.5 s timer at", elapsed()))
    await asyncio.sleep(5)
    trace("main wakes at", elapsed())


run(main)
