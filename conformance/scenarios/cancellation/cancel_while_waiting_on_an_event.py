# A task cancelled in Event.wait() gets CancelledError there; the event is untouched, and a
# later set() wakes only the waiters still waiting.
import asyncio
from harness import describe, elapsed, run, trace


async def waiter(event, name):
    try:
        await event.wait()
        trace(name, "woke at", elapsed())
    except asyncio.CancelledError as e:
        trace(name, "cancelled:", describe(e), "at", elapsed())
        raise


async def main():
    event = asyncio.Event()
    a = asyncio.create_task(waiter(event, "a"))
    b = asyncio.create_task(waiter(event, "b"))
    await asyncio.sleep(1)
    a.cancel("stop a")
    await asyncio.sleep(1)
    trace("is_set() =", event.is_set())
    event.set()
    await asyncio.gather(a, b, return_exceptions=True)
    trace("a cancelled() =", a.cancelled(), "b cancelled() =", b.cancelled())


run(main)
