# A callback scheduled by a running callback goes to the back of the ready queue: it runs
# after everything that was already queued, in the next turn, not in the current one.
import asyncio
from harness import run, trace


async def main():
    loop = asyncio.get_running_loop()

    def first():
        trace("first runs, schedules nested")
        loop.call_soon(trace, "nested")

    loop.call_soon(first)
    loop.call_soon(trace, "second")
    await asyncio.sleep(0)
    trace("main after one turn")
    await asyncio.sleep(0)
    trace("main after two turns")


run(main)
