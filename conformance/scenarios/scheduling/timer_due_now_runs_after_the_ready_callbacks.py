# A timer that is due joins the ready queue behind the callbacks already there: call_later(0)
# scheduled before a call_soon still runs after it, in the same turn.
import asyncio
from harness import run, trace


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0, trace, "call_later(0)")
    loop.call_soon(trace, "call_soon")
    loop.call_soon(trace, "call_soon 2")
    await asyncio.sleep(0)
    trace("main after one turn")
    await asyncio.sleep(0)
    trace("main after two turns")


run(main)
