# get_running_loop() on a thread with no running loop (a worker thread) raises RuntimeError
# 'no running event loop'; inside a coroutine it gives the running loop.
import asyncio
from harness import describe, run, trace


async def main():
    trace("inside:", asyncio.get_running_loop() is not None)
    try:
        await asyncio.to_thread(asyncio.get_running_loop)
    except RuntimeError as e:
        trace("on a worker thread:", describe(e))


run(main)
