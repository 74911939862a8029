"""Peer benchmark: cost of spawning and awaiting trivial tasks in Python asyncio.

Creates and awaits --tasks trivial coroutines (default 1,000,000) as batches of --batch
(default 10,000) with asyncio.gather, which wraps each coroutine in a Task. Only the batches
are timed. Prints one line:  spawn_await ns_per_task=<float> tasks=<N>
"""

import argparse
import asyncio
import sys
import time


async def trivial():
    return 1


async def run(tasks, batch):
    total = 0
    start = time.perf_counter()
    remaining = tasks
    while remaining > 0:
        n = min(batch, remaining)
        results = await asyncio.gather(*[trivial() for _ in range(n)])
        total += sum(results)
        remaining -= n
    elapsed = time.perf_counter() - start
    return total, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uvloop", action="store_true", help="run on uvloop instead of asyncio's loop")
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()
    if args.tasks <= 0 or args.batch <= 0:
        parser.error("--tasks and --batch must be positive")

    loop_factory = None
    if args.uvloop:
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        total, elapsed = runner.run(run(args.tasks, args.batch))

    if total != args.tasks:
        sys.exit(f"spawn_await: sum of results {total} != {args.tasks}")
    print(f"spawn_await ns_per_task={elapsed * 1e9 / args.tasks:.1f} tasks={args.tasks}")


if __name__ == "__main__":
    main()
