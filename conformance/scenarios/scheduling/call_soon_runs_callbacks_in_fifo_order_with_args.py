# call_soon(fn, *args) runs the callbacks in the order they were scheduled, each with its own
# arguments, all in the loop's next turn: before the scheduling task resumes from sleep(0).
import asyncio
from harness import run, trace


async def main():
    loop = asyncio.get_running_loop()
    for i in range(5):
        loop.call_soon(trace, "callback", i, "of", 5)
    trace("scheduled five")
    await asyncio.sleep(0)
    trace("main resumes")


run(main)
