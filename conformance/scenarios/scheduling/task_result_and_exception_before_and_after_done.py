# result() and exception() of a pending task raise InvalidStateError; once done, result()
# gives the value (or raises the task's exception) and exception() gives it (or None).
import asyncio
from harness import describe, kind, run, trace


async def value():
    await asyncio.sleep(1)
    return 5


async def failure():
    await asyncio.sleep(1)
    raise ValueError("bad input")


async def main():
    good = asyncio.create_task(value())
    bad = asyncio.create_task(failure())
    for name, call in (("result", good.result), ("exception", good.exception)):
        try:
            call()
        except asyncio.InvalidStateError as e:
            trace("pending", name, "raised", kind(e))
    await asyncio.sleep(2)
    trace("good result:", good.result(), "exception is None:", good.exception() is None)
    trace("bad exception:", describe(bad.exception()))
    try:
        bad.result()
    except ValueError as e:
        trace("bad result raised", describe(e))


run(main)
