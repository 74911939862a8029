# gather() makes no group: the first exception propagates alone, at once, and the other
# awaitables keep running (their own failure later is not raised anywhere).
import asyncio
from harness import describe, elapsed, run, trace


async def fail(delay, exc):
    await asyncio.sleep(delay)
    trace("raising", describe(exc), "at", elapsed())
    raise exc


async def ok(delay):
    await asyncio.sleep(delay)
    trace("ok finished at", elapsed())
    return delay


async def main():
    try:
        await asyncio.gather(fail(1, ValueError("first")), fail(2, TypeError("second")), ok(3))
    except Exception as e:
        trace("gather raised", describe(e), "at", elapsed(),
              "a group:", isinstance(e, ExceptionGroup))
    await asyncio.sleep(5)
    trace("done at", elapsed())


run(main)
