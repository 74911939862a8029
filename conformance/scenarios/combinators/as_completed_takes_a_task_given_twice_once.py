# as_completed() takes a set of awaitables: a task given twice is waited for, and yielded,
# once.
import asyncio
from harness import run, trace


async def after(delay, name):
    await asyncio.sleep(delay)
    return name


async def main():
    a = asyncio.create_task(after(2, "a"))
    b = asyncio.create_task(after(1, "b"))
    count = 0
    for next_done in asyncio.as_completed([a, b, a]):
        trace("got", await next_done)
        count += 1
    trace("yielded", count, "times")


run(main)
