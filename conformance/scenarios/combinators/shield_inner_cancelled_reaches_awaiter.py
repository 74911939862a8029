# shield() protects the inner task from the awaiter's cancellation, not from its own: when
# the shielded task itself is cancelled, the awaiter of the shield raises CancelledError.
import asyncio
from harness import describe, elapsed, run, trace


async def inner():
    await asyncio.sleep(3)
    return "never"


async def main():
    task = asyncio.create_task(inner())
    asyncio.get_running_loop().call_later(1, task.cancel)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError as e:
        trace("shield raised", describe(e), "at", elapsed())
    trace("inner cancelled", task.cancelled(), "main cancelling()", asyncio.current_task().cancelling())


run(main)
