# A callback that raises is reported to the loop's exception handler (on stderr) and the loop
# goes on: the callbacks after it still run, and the task that scheduled them resumes.
import asyncio
from harness import run, trace


def boom():
    trace("boom raises")
    raise ValueError("callback failure")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(trace, "before")
    loop.call_soon(boom)
    loop.call_soon(trace, "after")
    loop.call_later(1, trace, "timer still fires")
    await asyncio.sleep(2)
    trace("main resumes")


run(main)
