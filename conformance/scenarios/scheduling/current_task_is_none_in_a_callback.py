# current_task() names the task whose step is running; in a plain loop callback (call_soon,
# call_later, a done callback) no task is running and it is None.
import asyncio
from harness import run, trace


def report(where):
    task = asyncio.current_task()
    trace(where, "current task:", "None" if task is None else task.get_name())


async def child():
    report("child")


async def main():
    loop = asyncio.get_running_loop()
    asyncio.current_task().set_name("main")
    report("main")
    loop.call_soon(report, "call_soon")
    loop.call_later(1, report, "call_later")
    task = asyncio.create_task(child(), name="child")
    task.add_done_callback(lambda t: report("done callback"))
    await asyncio.sleep(2)


run(main)
