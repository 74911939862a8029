# After a failed group, each child task tells what became of it: the one that failed holds
# its exception, the ones cancelled are cancelled(), the one that finished first its result.
import asyncio
from harness import describe, run, trace


async def child(delay, fail):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError("failed")
    return delay


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            early = tg.create_task(child(1, False))
            bad = tg.create_task(child(2, True))
            late = tg.create_task(child(3, False))
    except ExceptionGroup:
        pass
    trace("early:", early.cancelled(), early.result())
    trace("bad:", bad.cancelled(), describe(bad.exception()))
    trace("late:", late.cancelled())


run(main)
