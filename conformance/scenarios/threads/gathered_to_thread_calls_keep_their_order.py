# Several to_thread calls gathered: the results come in the order of the calls, whatever the
# order the threads end in; an exception among them is raised by gather.
import asyncio
from harness import describe, repr_list, run, trace


def square(n):
    return n * n


def check(n):
    if n == 3:
        raise ValueError(f"three is bad")
    return n


async def main():
    results = await asyncio.gather(*(asyncio.to_thread(square, n) for n in range(6)))
    trace("squares", repr_list(results))
    try:
        await asyncio.gather(*(asyncio.to_thread(check, n) for n in range(5)))
    except ValueError as e:
        trace("gather raised", describe(e))


run(main)
