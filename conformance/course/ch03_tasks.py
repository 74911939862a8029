# Chapter 3's exercise, "async tasks", as the course writes it in Python: its lines must be
# those of examples/ch03_tasks.cpp, in the same order.
import asyncio


async def up(maximum):
    for i in range(maximum + 1):
        print("up", i)
        await asyncio.sleep(0)
    return "up done"


async def down(maximum):
    for i in range(maximum, -1, -1):
        print("down", i)
        await asyncio.sleep(0)
    return "down done"


async def powers(n):
    for power in range(8):
        print(f"{n} ** {power} = {n ** power}")
        await asyncio.sleep(0)
    return "powers done"


async def main():
    up_task = asyncio.create_task(up(4), name="up")
    down_task = asyncio.create_task(down(4), name="down")
    powers_task = asyncio.create_task(powers(2), name="powers")
    up_result = await up_task
    down_result = await down_task
    powers_result = await powers_task
    print(f"{up_task.get_name()}: {up_result}")
    print(f"{down_task.get_name()}: {down_result}")
    print(f"{powers_task.get_name()}: {powers_result}")


asyncio.run(main())
