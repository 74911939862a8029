# Barrier(1): every wait() completes a round by itself, returns index 0 and does not give up
# control.
import asyncio
from harness import run, trace


async def other():
    trace("other runs")


async def main():
    barrier = asyncio.Barrier(1)
    o = asyncio.create_task(other())
    for _ in range(3):
        trace("index", await barrier.wait(), "n_waiting", barrier.n_waiting)
    trace("before other")
    await o


run(main)
