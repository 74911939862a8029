# Chapter 5's exercise, task groups, in Python: its lines must be those of
# examples/ch05_task_groups.cpp, in the same order. The files are examples/data/.
import asyncio
import collections
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


async def count_characters(filename):
    name = Path(filename).name
    counts = collections.Counter()
    lines = 0
    try:
        with open(filename) as f:
            for line in f:
                counts.update(line.rstrip("\n"))
                lines += 1
                await asyncio.sleep(0)
    except FileNotFoundError:
        raise FileNotFoundError(f"No such file or directory: '{name}'") from None
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise
    print(f"{name}: counted {lines} lines")
    return filename, counts


def print_counts(filename, counts):
    print(f"{filename}: {sum(counts.values())} characters, {len(counts)} different")
    items = sorted(counts.items())
    for start in range(0, len(items), 8):
        print("".join(f"  {c!r}: {n}" for c, n in items[start:start + 8]))


async def main():
    print("== The exercise: one task per file, in a task group")
    names = ["reactor.txt", "generators.txt", "coroutines.txt"]
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(count_characters(DATA / name), name=name) for name in names]
    print("every task is done")
    for task in tasks:
        filename, counts = task.result()
        print_counts(Path(filename).name, counts)

    print("== A task fails: the group cancels the others")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(count_characters(DATA / "coroutines.txt"), name="coroutines.txt")
            tg.create_task(count_characters(DATA / "missing.txt"), name="missing.txt")
        print("not reached")
    except* FileNotFoundError as eg:
        print(f"caught: {eg}")
        for e in eg.exceptions:
            print(f"except* FileNotFoundError: {e}")


asyncio.run(main())
