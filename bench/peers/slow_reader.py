"""The twin of bench/slow_reader.cpp: 1 GiB through an asyncio StreamWriter to a child
process that reads slowly; prints the writer's peak RSS. `--uvloop` runs it on uvloop."""
import argparse
import asyncio
import os
import socket
import sys
import time


def status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return -1


def slow_reader(sock, read_size, pause_us):
    while True:
        data = sock.recv(read_size)
        if not data:
            os._exit(0)
        if pause_us:
            time.sleep(pause_us / 1e6)


async def write_all(sock, args):
    reader, writer = await asyncio.open_connection(sock=sock)
    chunk = b"x" * args.chunk
    before = status_kib("VmRSS:")
    max_queued = 0
    start = time.monotonic()
    sent = 0
    while sent < args.bytes:
        writer.write(chunk)
        max_queued = max(max_queued, writer.transport.get_write_buffer_size())
        await writer.drain()
        sent += len(chunk)
    writer.close()
    await writer.wait_closed()
    peak = status_kib("VmHWM:")
    print(f"bytes={args.bytes} seconds={time.monotonic() - start:.2f} writer_peak_rss_kib={peak} "
          f"writer_rss_growth_kib={peak - before} max_queued={max_queued}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bytes", type=int, default=1 << 30)
    parser.add_argument("--chunk", type=int, default=64 * 1024)
    parser.add_argument("--read-size", type=int, default=16 * 1024)
    parser.add_argument("--pause-us", type=int, default=20)
    parser.add_argument("--uvloop", action="store_true")
    args = parser.parse_args()
    ours, theirs = socket.socketpair()
    if os.fork() == 0:
        ours.close()
        slow_reader(theirs, args.read_size, args.pause_us)
    theirs.close()
    if args.uvloop:
        import uvloop
        uvloop.install()
    asyncio.run(write_all(ours, args))
    os.wait()


if __name__ == "__main__":
    sys.exit(main())
