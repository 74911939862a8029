# Condition.notify(), notify_all() and wait() without the lock held raise RuntimeError.
import asyncio
from harness import describe, run, trace


async def main():
    cond = asyncio.Condition()
    try:
        cond.notify()
    except RuntimeError as e:
        trace("notify raised", describe(e))
    try:
        cond.notify_all()
    except RuntimeError as e:
        trace("notify_all raised", describe(e))
    try:
        await cond.wait()
    except RuntimeError as e:
        trace("wait raised", describe(e))
    trace("locked()", cond.locked())


run(main)
