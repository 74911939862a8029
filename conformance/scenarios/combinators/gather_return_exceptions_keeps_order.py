# gather(return_exceptions=True) waits for every child and gives each outcome, value or
# exception, in argument order; nothing is raised.
import asyncio
from harness import describe, elapsed, run, trace


async def child(name, delay, fail):
    await asyncio.sleep(delay)
    if fail:
        raise RuntimeError(name) if name == "b" else ValueError(name)
    return name


async def main():
    outcomes = await asyncio.gather(child("a", 3, False), child("b", 1, True),
                                    child("c", 2, True), child("d", 0.5, False),
                                    return_exceptions=True)
    trace("gather returned at", elapsed())
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            trace("exception", describe(outcome))
        else:
            trace("value", outcome)


run(main)
