# Condition.notify(n) wakes the n tasks that have waited longest, each returning from wait()
# once it has the lock again, one after the other; the rest keep waiting.
import asyncio
from harness import elapsed, run, trace


async def waiter(cond, name, arrive):
    await asyncio.sleep(arrive)
    async with cond:
        trace(name, "waits at", elapsed())
        await cond.wait()
        trace(name, "woken at", elapsed(), "locked()", cond.locked())
        await asyncio.sleep(1)


async def main():
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(waiter(cond, n, d)) for n, d in
             (("a", 3), ("b", 1), ("c", 2), ("d", 4))]
    await asyncio.sleep(5)
    async with cond:
        cond.notify(2)
        trace("notified 2 at", elapsed())
    await asyncio.sleep(5)
    async with cond:
        cond.notify()
        trace("notified 1 at", elapsed())
    await asyncio.sleep(5)
    trace("still waiting", [t.done() for t in tasks].count(False))
    async with cond:
        cond.notify(5)
    await asyncio.gather(*tasks)
    trace("all done at", elapsed())


run(main)
