# readexactly(n) waits until n bytes have come, across several writes spread in time, and
# returns them at once when the last piece arrives.
import asyncio
from harness import elapsed, run, trace


async def handler(reader, writer):
    for piece in (b"abc", b"defg", b"hij"):
        writer.write(piece)
        await writer.drain()
        await asyncio.sleep(1)
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    data = await reader.readexactly(9)
    trace("readexactly(9) gives", repr(data.decode()), "at", elapsed())
    data = await reader.readexactly(1)
    trace("readexactly(1) gives", repr(data.decode()), "at", elapsed())
    trace("read(-1) gives", repr((await reader.read()).decode()), "at", elapsed())
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
