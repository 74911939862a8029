# The main task of asyncio.run() is named like any other: "Task-1", the first task of the
# run (default_task_names_count_up covers the numbering of the tasks after it).
import asyncio
from harness import run, trace


async def main():
    trace("main is", asyncio.current_task().get_name())


run(main)
