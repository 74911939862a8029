# as_completed(timeout=t): results that come before the deadline are given; from the deadline
# on every remaining await raises TimeoutError, and the unfinished tasks are not cancelled.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay):
    await asyncio.sleep(delay)
    trace(name, "finishes at", elapsed())
    return name


async def main():
    tasks = [asyncio.create_task(child(n, d)) for n, d in (("a", 1), ("b", 5), ("c", 6))]
    for next_result in asyncio.as_completed(tasks, timeout=2):
        try:
            trace("got", await next_result, "at", elapsed())
        except TimeoutError as e:
            trace("await raised", describe(e), "at", elapsed())
    trace("cancelled", [t.cancelled() for t in tasks].count(True))
    await asyncio.gather(*tasks)
    trace("all finished at", elapsed())


run(main)
