# Once the last child is done the group is finished, even before its task resumes: a done
# callback of that child calling create_task gets RuntimeError, and the coroutine never runs.
import asyncio
from harness import elapsed, kind, run, trace


async def child(name, delay):
    await asyncio.sleep(delay)
    trace(name, "ran at", elapsed())


async def main():
    async with asyncio.TaskGroup() as tg:
        def on_done(task):
            try:
                tg.create_task(child("late", 1))
                trace("create_task accepted (not expected)")
            except RuntimeError as e:
                trace("create_task from the done callback raised", kind(e))

        t = tg.create_task(child("only", 1))
        t.add_done_callback(on_done)
    trace("group done at", elapsed())
    await asyncio.sleep(2)
    trace("done at", elapsed())


run(main)
