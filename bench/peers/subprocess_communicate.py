"""The twin of bench/subprocess_communicate.cpp: N MiB (100 by default) through `cat` with
asyncio's communicate(); prints the time and the peak RSS beyond the input and the output.
`--uvloop` runs it on uvloop."""
import argparse
import asyncio
import time


def status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return -1


async def communicate(mib):
    baseline = status_kib("VmRSS:")
    data = bytes((i * 31 >> 3) & 0xFF for i in range(1 << 16)) * (mib * 16)
    start = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        "cat", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate(data)
    elapsed = time.monotonic() - start
    assert out == data
    peak = status_kib("VmHWM:")
    print(f"mib={mib} seconds={elapsed:.3f} peak_rss_kib={peak} baseline_kib={baseline} "
          f"beyond_data_kib={peak - baseline - 2 * mib * 1024}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=100)
    parser.add_argument("--uvloop", action="store_true")
    args = parser.parse_args()
    if args.uvloop:
        import uvloop
        uvloop.install()
    asyncio.run(communicate(args.mib))


main()
