# Chapter 6, getting results and exceptions out of tasks, in Python: its lines must be those
# of examples/ch06_results.cpp, in the same order (the C++ spelling appears in the text it
# prints).
import asyncio


async def square(x):
    await asyncio.sleep(0)
    return x * x


async def shout(text):
    await asyncio.sleep(0)
    return text.upper()


async def parse_int(text):
    await asyncio.sleep(0)
    return int(text)


async def sleep_for(ms):
    await asyncio.sleep(ms / 1000)
    return f"slept {ms} ms"


async def sleepy(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise


async def upload(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(f"{name}: cancelled, cleaning up")
        raise RuntimeError(f"{name}: cleanup failed: connection lost")


def describe(e):
    if isinstance(e, ValueError):
        return f"ValueError: {e}"
    if isinstance(e, (TimeoutError, asyncio.CancelledError)):
        return type(e).__name__
    return f"RuntimeError: {e}"


async def main():
    print("== (a) A task's result: co_await it, or task.result() once it is done")
    task = asyncio.create_task(square(7), name="square")
    try:
        print(task.result())
    except asyncio.InvalidStateError:
        print("task.result() before the task is done: InvalidStateError")
    value = await task
    print(f"co_await task: {value}")
    print(f"task.done(): {str(task.done()).lower()}, task.result(): {task.result()}")

    print("== (b) gather: every result, in argument order")
    print(await asyncio.gather(square(5), shout("hello")))

    print("== (c) gather with return_exceptions: a value or an exception for each")
    outcomes = await asyncio.gather(parse_int("12"), parse_int("abc"), square(3),
                                    return_exceptions=True)
    for o in outcomes:
        if isinstance(o, BaseException):
            print(f"  exception {describe(o)}")
        else:
            print(f"  value {o}")

    print("== (d) as_completed: results in the order the tasks finish")
    for next_done in asyncio.as_completed([sleep_for(30), sleep_for(10), sleep_for(20)]):
        print(f"  {await next_done}")

    print("== (e) A task group: every failure, each with its own type")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(upload("upload"), name="upload")
            tg.create_task(parse_int("forty-two"), name="parse_int")
    except* Exception as eg:
        # The C++ prints the group's headline, str(eg): the same as Python's.
        print(f"caught: {eg}")
        for e in eg.exceptions:
            print(f"  {type(e).__name__}: {e}")

    print("== (f) task.exception(), and a cancelled task")
    failed = asyncio.create_task(parse_int("x"), name="parse_int")
    await asyncio.wait([failed])
    print(f"failed.exception(): {describe(failed.exception())}")
    sleeper = asyncio.create_task(sleepy("sleeper"), name="sleeper")
    await asyncio.sleep(0)
    sleeper.cancel()
    try:
        await sleeper
    except asyncio.CancelledError:
        print("co_await sleeper: CancelledError")
    print(f"sleeper.cancelled(): {str(sleeper.cancelled()).lower()}")
    try:
        sleeper.exception()
    except asyncio.CancelledError:
        print("sleeper.exception(): CancelledError")

    print("== (g) wait_for: a result in time, or TimeoutError")
    squared = await asyncio.wait_for(square(6), 1)
    print(f"wait_for(square(6), 1s): {squared}")
    try:
        await asyncio.wait_for(sleepy("sleepy"), 0.01)
    except TimeoutError:
        print("wait_for(sleepy(), 10ms): TimeoutError")


asyncio.run(main())
