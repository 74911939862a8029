# call_soon callbacks scheduled in main's last step run before run() returns, in order, and
# so does one they schedule in turn.
import asyncio
from harness import run, trace


async def main():
    loop = asyncio.get_running_loop()

    def second():
        trace("callback 2")
        loop.call_soon(trace, "callback 3, scheduled by callback 2")

    loop.call_soon(trace, "callback 1")
    loop.call_soon(second)
    trace("main returns")


run(main)
