# Waiting on an Event that is already set returns without giving up control: a task made
# just before does not run in between.
import asyncio
from harness import run, trace


async def other():
    trace("other runs")


async def main():
    event = asyncio.Event()
    event.set()
    o = asyncio.create_task(other())
    await event.wait()
    trace("wait returned")
    await event.wait()
    trace("second wait returned")
    await o


run(main)
