# Once a task ends cancelled, done() and cancelled() are True, and reading its outcome
# raises CancelledError with the message, through result() as through exception().
import asyncio
from harness import describe, run, trace


async def sleeper():
    await asyncio.sleep(10)


async def main():
    a = asyncio.create_task(sleeper())
    b = asyncio.create_task(sleeper())
    await asyncio.sleep(1)
    a.cancel("gone a")
    b.cancel("gone b")
    await asyncio.sleep(0)
    trace("done() =", a.done(), "cancelled() =", a.cancelled())
    try:
        a.result()
    except asyncio.CancelledError as e:
        trace("a.result() raised", describe(e))
    try:
        b.exception()
    except asyncio.CancelledError as e:
        trace("b.exception() raised", describe(e))


run(main)
