# start_server on a port another server listens on raises OSError (address in use); the
# first server is unaffected.
import asyncio
from harness import kind, run, trace


async def handler(reader, writer):
    writer.write(b"first\n")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        await asyncio.start_server(handler, "127.0.0.1", port)
        trace("the second server started")
    except OSError as e:
        trace("the second server:", kind(e), "EADDRINUSE", e.errno == 98)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    trace("the first still serves:", repr((await reader.readline()).decode()))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
