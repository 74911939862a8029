# asyncio.run() raises the exception main raised, with its message, after cancelling the
# tasks main left behind (which see CancelledError first).
import asyncio
from harness import describe, run, trace


async def leftover():
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        trace("leftover task cancelled")
        raise


async def failing():
    asyncio.create_task(leftover())
    await asyncio.sleep(0)
    raise ValueError("main failed")


async def main():
    try:
        await asyncio.to_thread(asyncio.run, failing())
    except ValueError as e:
        trace("run raised", describe(e))


run(main)
