# asyncio.run() called from a coroutine (a loop is running on this thread) raises
# RuntimeError, without running the coroutine given.
import asyncio
from harness import kind, run, trace


async def never():
    trace("never runs")


async def main():
    coro = never()
    try:
        asyncio.run(coro)
    except RuntimeError as e:
        trace("run raised", kind(e))
    coro.close()
    trace("the loop goes on")


run(main)
