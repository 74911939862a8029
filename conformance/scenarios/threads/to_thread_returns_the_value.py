# to_thread(fn, *args) runs fn on another thread with the arguments and returns its value;
# the loop stays free meanwhile (a task runs while the call is under way).
import asyncio
import threading
from harness import run, trace


def work(a, b, release):
    release.wait()
    return a * b


async def main():
    loop_thread = threading.get_ident()
    release = threading.Event()

    async def other():
        trace("another task runs meanwhile")
        release.set()

    task = asyncio.create_task(other())
    value = await asyncio.to_thread(work, 6, 7, release)
    trace("to_thread gives", value)
    on = await asyncio.to_thread(threading.get_ident)
    trace("ran on another thread:", on != loop_thread)
    await task


run(main)
