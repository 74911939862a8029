# start_server listens at once: is_serving() is true and there is one socket for 127.0.0.1; a
# client gets its answer; after close() the server is not serving and lists no sockets.
import asyncio
from harness import run, trace


async def handler(reader, writer):
    name = (await reader.readline()).decode().strip()
    writer.write(f"hello {name}\n".encode())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    trace("is_serving", server.is_serving(), "sockets", len(server.sockets))
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"world\n")
    trace("client got", repr((await reader.readline()).decode()))
    trace("then", repr((await reader.read()).decode()))
    writer.close()
    await writer.wait_closed()
    server.close()
    trace("after close: is_serving", server.is_serving(), "sockets", len(server.sockets))
    await server.wait_closed()
    trace("wait_closed returned")


run(main)
