# Chapter 7, task pools, in Python: its lines must be those of examples/ch07_task_pools.cpp,
# in the same order. Python 3.11 has neither the library's task_pool nor Queue.shutdown: a
# semaphore bounds a task group, and the workers are cancelled once the queue is joined.
import asyncio
import hashlib
import struct

DOWNLOADS = 20
LIMIT = 4
MASK = (1 << 64) - 1


class InFlight:
    now = 0
    most = 0


async def download(item, in_flight):
    in_flight.now += 1
    in_flight.most = max(in_flight.most, in_flight.now)
    await asyncio.sleep((1 + (item * 7) % 5) / 1000)
    in_flight.now -= 1
    return 1000 + 37 * item


async def downloads():
    print(f"== {DOWNLOADS} downloads, at most {LIMIT} at once (task_pool)")
    in_flight = InFlight()
    done = 0
    slots = asyncio.Semaphore(LIMIT)

    async def counted(item):
        nonlocal done
        size = await download(item, in_flight)
        done += 1
        print(f"done {done}/{DOWNLOADS}")
        return size

    tasks = []
    async with asyncio.TaskGroup() as tg:
        for item in range(DOWNLOADS):
            await slots.acquire()
            task = tg.create_task(counted(item))
            task.add_done_callback(lambda _: slots.release())
            tasks.append(task)
    print(f"total: {sum(t.result() for t in tasks)} bytes; at most {in_flight.most} at once")

    print("== the same in one call (map_bounded), results in input order")
    again = InFlight()
    bound = asyncio.Semaphore(LIMIT)

    async def fetch(item):
        async with bound:
            return await download(item, again)

    sizes = await asyncio.gather(*(fetch(item) for item in range(DOWNLOADS)))
    for start in range(0, len(sizes), 10):
        print(" ".join(str(s) for s in sizes[start:start + 10]))
    print(f"total: {sum(sizes)} bytes; at most {again.most} at once")


async def worker(jobs, results):
    while True:
        job = await jobs.get()
        await asyncio.sleep(0.001)
        results.append(job * job)
        jobs.task_done()


async def workers_and_queue():
    print("== 12 jobs, 3 workers, one queue")
    jobs = asyncio.Queue()
    results = []
    workers = [asyncio.create_task(worker(jobs, results)) for _ in range(3)]
    for job in range(1, 13):
        await jobs.put(job)
    await jobs.join()
    print(f"queue joined: {len(results)} jobs done")
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print("results: " + " ".join(str(r) for r in sorted(results)))


def make_buffer(seed):
    x = (seed * 0x9E3779B97F4A7C15 + 1) & MASK
    words = []
    for _ in range((8 << 20) // 8):
        x ^= x >> 12
        x ^= (x << 25) & MASK
        x ^= x >> 27
        words.append((x * 0x2545F4914F6CDD1D) & MASK)
    return struct.pack(f"<{len(words)}Q", *words)


def sha256_hex(buffer):
    return hashlib.sha256(buffer).hexdigest()


async def hashing():
    print("== SHA-256 of 8 buffers of 8 MiB")
    buffers = [make_buffer(i) for i in range(8)]
    on_loop = [sha256_hex(b) for b in buffers]
    on_threads = await asyncio.gather(*(asyncio.to_thread(sha256_hex, b) for b in buffers))
    for i, digest in enumerate(on_loop):
        print(f"buffer {i}: {digest}")
    print(f"to_thread gives the same digests: {'yes' if on_threads == on_loop else 'NO'}")


async def main():
    await downloads()
    await workers_and_queue()
    await hashing()


asyncio.run(main())
