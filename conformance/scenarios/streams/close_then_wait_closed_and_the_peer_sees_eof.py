# close() sends what is queued, then closes: is_closing() is true at once, wait_closed()
# returns once closed, and the peer reads the bytes and then the end of the stream.
import asyncio
from harness import run, trace


async def main():
    got = asyncio.get_running_loop().create_future()

    async def handler(reader, writer):
        data = await reader.read()
        got.set_result(data)
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    trace("is_closing before", writer.is_closing())
    writer.write(b"last words")
    writer.close()
    trace("is_closing after close()", writer.is_closing())
    await writer.wait_closed()
    trace("wait_closed returned")
    await writer.wait_closed()
    trace("a second wait_closed returns too")
    trace("the server read", repr((await got).decode()))
    server.close()
    await server.wait_closed()


run(main)
