# clear() right after set(), before the woken waiters run, does not put them back to sleep:
# they were woken by the set. A wait that starts after the clear blocks until the next set.
import asyncio
from harness import elapsed, run, trace


async def waiter(event, name):
    await event.wait()
    trace(name, "woken at", elapsed(), "is_set()", event.is_set())


async def main():
    event = asyncio.Event()
    a = asyncio.create_task(waiter(event, "a"))
    b = asyncio.create_task(waiter(event, "b"))
    await asyncio.sleep(1)
    event.set()
    event.clear()
    trace("set and cleared at", elapsed())
    await asyncio.gather(a, b)
    c = asyncio.create_task(waiter(event, "c"))
    await asyncio.sleep(2)
    trace("c done", c.done(), "setting at", elapsed())
    event.set()
    await c


run(main)
