# Timeout.reschedule to an earlier time moves the expiry there; to a time already passed, the
# block is cancelled on the next loop turn.
import asyncio
from harness import deadline, describe, elapsed, run, trace


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(10) as cm:
            await asyncio.sleep(1)
            cm.reschedule(loop.time() + 1)
            trace("rescheduled to", deadline(cm.when()))
            await asyncio.sleep(5)
    except TimeoutError:
        trace("timed out at", elapsed())
    try:
        async with asyncio.timeout(10) as cm:
            cm.reschedule(loop.time() - 1)
            trace("rescheduled into the past:", deadline(cm.when()))
            await asyncio.sleep(5)
    except TimeoutError as e:
        trace("caught", describe(e), "at", elapsed())


run(main)
