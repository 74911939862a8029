"""Peer benchmark: many concurrent sleeping tasks in Python asyncio.

Starts --tasks tasks (default 100,000) that are all asleep at once, task i sleeping
(i % 1001) ms, then gathers them. Memory per task is (peak RSS - RSS measured right after the
loop started, before any task exists) / N, from VmHWM and VmRSS in /proc/self/status.
Prints one line:
  sleepers wall_ms=<int> longest_sleep_ms=<int> bytes_per_task=<int> tasks=<N>
"""

import argparse
import asyncio
import time


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # always reported in kB
    raise RuntimeError(f"{field} not in /proc/self/status")


async def sleeper(ms):
    await asyncio.sleep(ms / 1000)


async def run(n):
    baseline_kib = status_kib("VmRSS")
    start = time.perf_counter()
    tasks = [asyncio.create_task(sleeper(i % 1001)) for i in range(n)]
    await asyncio.gather(*tasks)
    wall_ms = (time.perf_counter() - start) * 1000
    peak_kib = status_kib("VmHWM")
    longest = max(i % 1001 for i in range(n))
    return wall_ms, longest, (peak_kib - baseline_kib) * 1024 // n


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uvloop", action="store_true", help="run on uvloop instead of asyncio's loop")
    parser.add_argument("--tasks", type=int, default=100_000)
    args = parser.parse_args()
    if args.tasks <= 0:
        parser.error("--tasks must be positive")

    loop_factory = None
    if args.uvloop:
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        wall_ms, longest, bytes_per_task = runner.run(run(args.tasks))

    print(
        f"sleepers wall_ms={int(wall_ms)} longest_sleep_ms={longest} "
        f"bytes_per_task={bytes_per_task} tasks={args.tasks}"
    )


if __name__ == "__main__":
    main()
