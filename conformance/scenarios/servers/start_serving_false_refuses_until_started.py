# start_server(start_serving=False) binds but does not listen: a connection is refused;
# after start_serving() it is accepted and served.
import asyncio
from harness import kind, run, trace


async def handler(reader, writer):
    writer.write(b"served\n")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0, start_serving=False)
    port = server.sockets[0].getsockname()[1]
    trace("is_serving", server.is_serving(), "sockets", len(server.sockets))
    try:
        await asyncio.open_connection("127.0.0.1", port)
        trace("connected before start_serving")
    except OSError as e:
        trace("before start_serving:", kind(e))
    await server.start_serving()
    trace("is_serving", server.is_serving())
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    trace("after start_serving:", repr((await reader.readline()).decode()))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
