"""Peer benchmark: items through a bounded asyncio.Queue, from one task to another.

One producer task puts --items ints (default 1,000,000), 0 to N-1, into an
asyncio.Queue(maxsize=1000); one consumer task gets them and sums them (the sum is checked).
Timed from the creation of the two tasks to the end of both. Prints one line:
queue_throughput ns_per_item=<float> items=<N>
"""

import argparse
import asyncio
import sys
import time

MAXSIZE = 1000


async def producer(q, items):
    for i in range(items):
        await q.put(i)


async def consumer(q, items):
    total = 0
    for _ in range(items):
        total += await q.get()
    return total


async def run(items):
    q = asyncio.Queue(maxsize=MAXSIZE)
    start = time.perf_counter()
    produce = asyncio.create_task(producer(q, items))
    consume = asyncio.create_task(consumer(q, items))
    await produce
    total = await consume
    elapsed = time.perf_counter() - start
    return total, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uvloop", action="store_true", help="run on uvloop instead of asyncio's loop")
    parser.add_argument("--items", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.items <= 0:
        parser.error("--items must be positive")

    loop_factory = None
    if args.uvloop:
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        total, elapsed = runner.run(run(args.items))

    expected = args.items * (args.items - 1) // 2
    if total != expected:
        sys.exit(f"queue_throughput: sum of items {total} != {expected}")
    print(f"queue_throughput ns_per_item={elapsed * 1e9 / args.items:.1f} items={args.items}")


if __name__ == "__main__":
    main()
