# Chapter 4, running coroutines and `await`, in Python: its lines must be those of
# examples/ch04_running.cpp, in the same order (the C++ spelling appears in the text it prints).
import asyncio


async def hello():
    print("Hello!")


async def two_steps(name):
    print(f"{name}: first step")
    await asyncio.sleep(0)
    print(f"{name}: second step")


async def square(x):
    await asyncio.sleep(0)
    return x * x


async def parse_int(text):
    await asyncio.sleep(0)
    return int(text)


async def main():
    print("== A coroutine runs only when it is awaited")
    coro = hello()
    print("hello() made a coroutine; nothing ran yet")
    await coro
    print("awaited it")

    print("== co_await runs a coroutine inline, now")
    print("main: before co_await")
    await two_steps("inline")
    print("main: after co_await")

    print("== create_task starts it on the loop's next turn")
    task = asyncio.create_task(two_steps("task"), name="two_steps")
    print("main: task created, nothing ran yet")
    await asyncio.sleep(0)
    print("main: after one turn")
    await task
    print(f"main: the task is done: {str(task.done()).lower()}")

    print("== gather: run coroutines concurrently, results in argument order")
    print(tuple(await asyncio.gather(square(2), square(3), square(4))))

    print("== An exception comes out at the co_await")
    failing = asyncio.create_task(parse_int("abc"), name="parse_int")
    try:
        value = await failing
        print("parsed", value)
    except ValueError as e:
        print(f"caught from task '{failing.get_name()}': {e}")
    parsed = await parse_int("42")
    print(f'parse_int("42") = {parsed}')


asyncio.run(main())
