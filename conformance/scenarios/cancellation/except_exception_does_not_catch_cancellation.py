# CancelledError is not an Exception (a BaseException in Python; neither asyncio::Error nor
# std::exception in C++): a catch-all for errors lets a cancellation through.
import asyncio
from harness import describe, run, trace


async def careful():
    try:
        await asyncio.sleep(10)
    except Exception as e:
        trace("caught as an error:", describe(e))
    trace("not reached")


async def main():
    task = asyncio.create_task(careful())
    await asyncio.sleep(1)
    task.cancel("through")
    try:
        await task
    except asyncio.CancelledError as e:
        trace("main caught", describe(e))
    trace("cancelled() =", task.cancelled())


run(main)
