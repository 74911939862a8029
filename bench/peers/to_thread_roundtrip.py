"""Peer benchmark: the round trip of a call to a worker thread and back, in Python asyncio.

Awaits --calls (default 20,000) sequential `await asyncio.to_thread(f)` of a trivial function
on the loop's default executor; one untimed call first starts the executor's thread. The sum
of the results is checked. Prints one line:  to_thread_roundtrip us_per_call=<float> calls=<N>
"""

import argparse
import asyncio
import sys
import time


def trivial():
    return 1


async def run(calls):
    if await asyncio.to_thread(trivial) != 1:  # warm-up
        return 0, 0.0
    total = 0
    start = time.perf_counter()
    for _ in range(calls):
        total += await asyncio.to_thread(trivial)
    elapsed = time.perf_counter() - start
    return total, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uvloop", action="store_true", help="run on uvloop instead of asyncio's loop")
    parser.add_argument("--calls", type=int, default=20_000)
    args = parser.parse_args()
    if args.calls <= 0:
        parser.error("--calls must be positive")

    loop_factory = None
    if args.uvloop:
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        total, elapsed = runner.run(run(args.calls))

    if total != args.calls:
        sys.exit(f"to_thread_roundtrip: sum of results {total} != {args.calls}")
    print(f"to_thread_roundtrip us_per_call={elapsed * 1e6 / args.calls:.2f} calls={args.calls}")


if __name__ == "__main__":
    main()
