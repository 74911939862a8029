# wait() on tasks that already satisfy the condition: CPython still waits one loop turn (a
# task made just before runs first); the library returns at once, without suspending.
import asyncio
from harness import elapsed, run, trace


async def value():
    return 1


async def other():
    trace("other runs")


async def main():
    done_task = asyncio.create_task(value())
    await asyncio.sleep(0)
    o = asyncio.create_task(other())
    done, pending = await asyncio.wait([done_task])
    trace("wait returned: done", len(done), "pending", len(pending), "at", elapsed())
    await o


run(main)
