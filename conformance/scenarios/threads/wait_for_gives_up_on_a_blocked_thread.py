# wait_for(to_thread(...), 5) while the call is blocked: the timeout fires at 5 s
# (TimeoutError), the call itself goes on until released, and a later call works.
import asyncio
import threading
from harness import describe, elapsed, run, trace


async def main():
    loop = asyncio.get_running_loop()
    release = threading.Event()
    finished = asyncio.Event()

    def blocked():
        release.wait()
        loop.call_soon_threadsafe(finished.set)
        return "late"

    try:
        await asyncio.wait_for(asyncio.to_thread(blocked), 5)
    except TimeoutError as e:
        trace("wait_for raised", describe(e), "at", elapsed())
    release.set()
    await finished.wait()
    trace("the call ended after its release at", elapsed())
    trace("next call gives", await asyncio.to_thread(str.upper, "ok"))


run(main)
