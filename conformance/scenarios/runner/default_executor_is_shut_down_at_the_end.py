# When main returns, run() cancels a task still awaiting to_thread, then waits for the call
# on the default executor to finish before it returns.
import asyncio
import threading
from harness import run, trace


async def inner(log):
    release = threading.Event()

    def work():
        release.wait()
        log.append("the call finished")

    async def waiting():
        try:
            await asyncio.to_thread(work)
        except asyncio.CancelledError:
            log.append("the awaiting task was cancelled")
            release.set()
            raise

    asyncio.create_task(waiting())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    log.append("main returns")


async def main():
    log = []
    await asyncio.to_thread(asyncio.run, inner(log))
    log.append("run returned")
    for line in log:
        trace(line)


run(main)
