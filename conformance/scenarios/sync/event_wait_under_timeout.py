# An Event wait given up by a timeout raises TimeoutError and leaves no waiter behind; a
# later set() still wakes the tasks waiting then.
import asyncio
from harness import describe, elapsed, run, trace


async def waiter(event, name):
    await event.wait()
    trace(name, "woken at", elapsed())


async def main():
    event = asyncio.Event()
    try:
        async with asyncio.timeout(1):
            await event.wait()
    except TimeoutError as e:
        trace("wait raised", describe(e), "at", elapsed())
    task = asyncio.create_task(waiter(event, "w"))
    await asyncio.sleep(1)
    event.set()
    await task
    trace("is_set()", event.is_set())


run(main)
