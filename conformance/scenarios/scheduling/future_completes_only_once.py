# A future completes once: after set_exception(), set_result() and a second set_exception()
# raise InvalidStateError and cancel() returns False; its awaiter gets the exception, and
# exception() returns it; a pending future's result() is an InvalidStateError.
import asyncio
from harness import describe, kind, run, trace


async def waiter(fut):
    try:
        await fut
    except ValueError as e:
        trace("waiter got", describe(e))


async def main():
    fut = asyncio.get_running_loop().create_future()
    try:
        fut.result()
    except asyncio.InvalidStateError as e:
        trace("pending result() raised", kind(e))
    task = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0)
    fut.set_exception(ValueError("first outcome"))
    for name, call in (("set_result", lambda: fut.set_result(1)),
                       ("set_exception", lambda: fut.set_exception(ValueError("second")))):
        try:
            call()
        except asyncio.InvalidStateError as e:
            trace(name, "raised", kind(e))
    trace("cancel returns", fut.cancel(), "cancelled() =", fut.cancelled())
    await task
    trace("exception() is", describe(fut.exception()))


run(main)
