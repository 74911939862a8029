# When the main task ends cancelled, asyncio.run() raises CancelledError, with the message,
# to its caller.
import asyncio
from harness import run, trace


async def main():
    await asyncio.sleep(1)
    trace("cancel returns", asyncio.current_task().cancel("main gives up"))
    trace("main awaits once more")
    await asyncio.sleep(1)
    trace("not reached")


run(main)
