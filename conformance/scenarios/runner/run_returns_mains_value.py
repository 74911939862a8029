# asyncio.run(main()) returns main's value; a second run() after it works on a new loop
# (here on a worker thread, as the scenario itself runs inside a loop).
import asyncio
from harness import run, trace


async def answer(n):
    await asyncio.sleep(0)
    return n * 2


async def main():
    trace("run gives", await asyncio.to_thread(asyncio.run, answer(21)))
    trace("again", await asyncio.to_thread(asyncio.run, answer(50)))


run(main)
