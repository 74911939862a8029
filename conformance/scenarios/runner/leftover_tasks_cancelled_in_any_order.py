# Every task left pending when main returns is cancelled and run to its end, each one's
# clean-up running; CPython does not define their order (a set), so it is shown sorted.
import asyncio
from harness import repr_list, run, trace


async def leftover(name, log):
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        log.append(name)
        raise


async def inner(log):
    for name in ("a", "b", "c"):
        asyncio.create_task(leftover(name, log))
    await asyncio.sleep(0)
    return len(asyncio.all_tasks())


async def main():
    log = []
    count = await asyncio.to_thread(asyncio.run, inner(log))
    trace("tasks when main returned", count)
    trace("cancelled", repr_list(sorted(log)))


run(main)
