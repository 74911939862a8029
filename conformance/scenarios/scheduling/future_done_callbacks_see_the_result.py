# A future's done callbacks run in a later turn, in the order added, each given the future;
# one added after completion also runs, queued behind them.
import asyncio
from harness import run, trace


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(lambda f: trace("a sees", f.result()))
    fut.add_done_callback(lambda f: trace("b sees", f.result()))
    fut.set_result("ok")
    trace("set_result returned")
    fut.add_done_callback(lambda f: trace("late sees", f.result()))
    await asyncio.sleep(0)
    trace("main after one turn")


run(main)
