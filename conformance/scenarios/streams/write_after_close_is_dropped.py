# write() after close() is dropped quietly (the peer gets only what came before); drain()
# after close() raises ConnectionResetError, before and after wait_closed().
import asyncio
from harness import kind, run, trace


async def main():
    got = asyncio.get_running_loop().create_future()

    async def handler(reader, writer):
        got.set_result(await reader.read())
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"kept")
    writer.close()
    writer.write(b" dropped")
    trace("write after close raised nothing")
    try:
        await writer.drain()
        trace("drain returned")
    except ConnectionError as e:
        trace("drain after close raised", kind(e))
    await writer.wait_closed()
    try:
        await writer.drain()
        trace("drain returned")
    except ConnectionError as e:
        trace("drain after wait_closed raised", kind(e))
    trace("the server read", repr((await got).decode()))
    server.close()
    await server.wait_closed()


run(main)
