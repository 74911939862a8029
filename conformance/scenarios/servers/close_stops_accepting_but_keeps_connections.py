# close() stops listening: a new connection is refused, while a connection accepted before
# goes on being served by its handler.
import asyncio
from harness import kind, run, trace


async def echo(reader, writer):
    while line := await reader.readline():
        writer.write(b"echo " + line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"before\n")
    trace("got", repr((await reader.readline()).decode()))
    server.close()
    trace("closed; is_serving", server.is_serving())
    try:
        await asyncio.open_connection("127.0.0.1", port)
        trace("a new connection was accepted")
    except OSError as e:
        trace("a new connection:", kind(e))
    writer.write(b"after\n")
    trace("the old one still gets", repr((await reader.readline()).decode()))
    writer.close()
    await writer.wait_closed()
    await server.wait_closed()
    trace("done")


run(main)
