# Chapter 8, retrieving URLs, in Python with aiohttp (the course's library; Debian's
# python3-aiohttp), against the same small server as examples/ch08_urls.cpp: its lines must be
# the example's, in the same order.
import asyncio
import errno
import socket

import aiohttp


def answer(status, reason, body):
    return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


async def serve(reader, writer):
    while True:
        request_line = (await reader.readline()).decode()
        if not request_line:
            return
        while (await reader.readline()) not in (b"", b"\r\n"):
            pass
        path = request_line.split(" ")[1]
        if path.startswith("/page/"):
            writer.write(answer(200, "OK", b"x" * int(path[6:])))
        elif path == "/slow":
            await asyncio.sleep(2)
            writer.write(answer(200, "OK", b"late"))
        elif path == "/big":
            writer.write(answer(200, "OK", b"b" * (1024 * 1024)))
        else:
            writer.write(answer(404, "Not Found", b"no such page\n"))
        await writer.drain()


async def page_size(session, url):
    async with session.get(url) as response:
        return len(await response.text())


async def fetch_all(session, base):
    print("== (a) five pages at once (gather)")
    paths = ["/page/100", "/page/2000", "/page/30", "/page/4000", "/page/5"]
    sizes = await asyncio.gather(*(page_size(session, base + path) for path in paths))
    for path, size in zip(paths, sizes):
        print(f"{path}: {size} bytes")
    idle = sum(len(conns) for conns in session.connector._conns.values())
    print(f"idle connections in the client's pool: {idle}")


async def outcome(session, url):
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=0.3)) as response:
            response.raise_for_status()
            body = await response.text()
            return f"{response.status}, {len(body)} bytes"
    except asyncio.TimeoutError:
        return "timed out"
    except aiohttp.ClientResponseError as error:
        return f"HTTP error {error.status} {error.message}"
    except aiohttp.ClientConnectorError as error:
        if error.os_error.errno == errno.ECONNREFUSED:
            return "connection refused"
        raise
    except aiohttp.InvalidURL:
        return "invalid URL"


async def fetch_bounded(session, base, closed):
    print("== (b) at most 2 at once (map_bounded), 300 ms each, errors per URL")
    urls = [base + "/page/10", base + "/slow", base + "/missing", closed + "/page/1",
            "htp:/nowhere", base + "/page/20"]
    shown = ["/page/10", "/slow", "/missing", "(a closed port)", "htp:/nowhere", "/page/20"]
    slots = asyncio.Semaphore(2)

    async def bounded(url):
        async with slots:
            return await outcome(session, url)

    results = await asyncio.gather(*(bounded(url) for url in urls))
    for name, result in zip(shown, results):
        print(f"{name}: {result}")


async def download(session, base):
    print("== (c) 1 MiB in pieces of at most 64 KiB")
    async with session.get(base + "/big") as response:
        total = response.content_length or 0
        received = 0
        next_report = total // 4
        largest = 0
        async for piece in response.content.iter_chunked(64 * 1024):
            received += len(piece)
            largest = max(largest, len(piece))
            while next_report <= received and next_report <= total:
                print(f"received {next_report * 100 // total}%")
                next_report += total // 4
    fits = "64 KiB" if largest <= 64 * 1024 else "more than 64 KiB (wrong)"
    print(f"done: {received} bytes, in pieces of at most {fits}")


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    spare = socket.socket()
    spare.bind(("127.0.0.1", 0))
    closed = f"http://127.0.0.1:{spare.getsockname()[1]}"
    spare.close()
    async with aiohttp.ClientSession() as session:
        await fetch_all(session, base)
        await fetch_bounded(session, base, closed)
        await download(session, base)


asyncio.run(main())
