# A leftover task that raises another exception when run() cancels it at the end: the error
# is reported (on stderr), not raised; run() still returns main's value.
import asyncio
from harness import run, trace


async def leftover(log):
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        log.append("leftover cancelled, fails in its clean-up")
        raise ValueError("clean-up failed")


async def inner(log):
    asyncio.create_task(leftover(log))
    await asyncio.sleep(0)
    log.append("main returns 7")
    return 7


async def main():
    log = []
    value = await asyncio.to_thread(asyncio.run, inner(log))
    for line in log:
        trace(line)
    trace("run gives", value)


run(main)
