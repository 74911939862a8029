# A task cancelled while waiting on an Event raises CancelledError and leaves; set() later
# wakes the others.
import asyncio
from harness import describe, elapsed, run, trace


async def waiter(event, name):
    try:
        await event.wait()
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "at", elapsed())
        raise
    trace(name, "woken at", elapsed())


async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(event, n)) for n in ("a", "b", "c")]
    await asyncio.sleep(1)
    tasks[1].cancel()
    await asyncio.sleep(1)
    event.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    trace("outcomes", [type(r).__name__ for r in results])


run(main)
