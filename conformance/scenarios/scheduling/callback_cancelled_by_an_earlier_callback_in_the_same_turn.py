# A callback already in this turn's ready queue can still be cancelled by one that runs before
# it: the cancelled one is skipped; the ones after it run as planned.
import asyncio
from harness import run, trace


async def main():
    loop = asyncio.get_running_loop()
    handles = {}

    def first():
        trace("first cancels second")
        handles["second"].cancel()

    loop.call_soon(first)
    handles["second"] = loop.call_soon(trace, "second runs")
    loop.call_soon(trace, "third runs")
    await asyncio.sleep(0)
    trace("second cancelled() =", handles["second"].cancelled())


run(main)
