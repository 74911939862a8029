# sleep(0) yields exactly one turn: N tasks that loop on it take turns in a fixed rotation.
import asyncio
from harness import run, trace


async def spinner(name, rounds):
    for i in range(rounds):
        trace(name, i)
        await asyncio.sleep(0)


async def main():
    tasks = [asyncio.create_task(spinner(name, 3)) for name in ("a", "b", "c")]
    tasks.append(asyncio.create_task(spinner("d", 1)))
    await asyncio.gather(*tasks)
    trace("done")


run(main)
