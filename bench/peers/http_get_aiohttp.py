"""http_get's peer on aiohttp (see bench/README.md, http_compare.sh): gets every URL of a list
with one ClientSession, at most --concurrency at once, reads each body whole, and prints one
line in http_get's format (time from the first request to the last body; CPU and peak RSS
from getrusage, the whole process's, start-up and imports included).

    http_get_aiohttp.py --urls FILE [--concurrency 64]
"""
import argparse
import asyncio
import resource
import sys
import time

import aiohttp


async def fetch(session, semaphore, url, totals):
    async with semaphore:
        try:
            async with session.get(url) as response:
                body = await response.read()
                totals["bytes"] += len(body)
                if not 200 <= response.status <= 299:
                    totals["errors"] += 1
        except aiohttp.ClientError as e:
            totals["errors"] += 1
            print(f"http_get_aiohttp: {url}: {e!r}", file=sys.stderr)


async def main(urls, concurrency):
    totals = {"bytes": 0, "errors": 0}
    semaphore = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        start = time.monotonic()
        await asyncio.gather(*(fetch(session, semaphore, url, totals) for url in urls))
        seconds = time.monotonic() - start
    return seconds, totals


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", required=True)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    with open(args.urls) as f:
        urls = [line.strip() for line in f if line.strip()]
    seconds, totals = asyncio.run(main(urls, args.concurrency))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    user_ms, sys_ms = usage.ru_utime * 1e3, usage.ru_stime * 1e3
    n = len(urls)
    print(f"http_get_aiohttp requests={n} seconds={seconds:.3f} rps={n / seconds:.0f} "
          f"bytes={totals['bytes']} mb_per_s={totals['bytes'] / 1e6 / seconds:.1f} "
          f"errors={totals['errors']} cpu_user_ms={user_ms:.1f} cpu_sys_ms={sys_ms:.1f} "
          f"cpu_us_per_request={(user_ms + sys_ms) * 1e3 / n:.2f} max_rss_kib={usage.ru_maxrss}")
    sys.exit(1 if totals["errors"] else 0)
