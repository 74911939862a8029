# Event.set() wakes every task waiting on it, in the order they started waiting; is_set()
# stays True, so later waits return at once.
import asyncio
from harness import elapsed, run, trace


async def waiter(event, name, arrive):
    await asyncio.sleep(arrive)
    trace(name, "waits at", elapsed())
    await event.wait()
    trace(name, "woken at", elapsed())


async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(event, n, d)) for n, d in (("a", 2), ("b", 1), ("c", 3))]
    await asyncio.sleep(4)
    trace("is_set() before", event.is_set())
    event.set()
    trace("set at", elapsed())
    await asyncio.gather(*tasks)
    await waiter(event, "late", 1)
    trace("is_set() after", event.is_set())


run(main)
