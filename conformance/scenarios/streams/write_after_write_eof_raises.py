# write() after write_eof() raises RuntimeError; what was written before it reaches the
# peer, followed by the end of the stream.
import asyncio
from harness import describe, run, trace


async def main():
    got = asyncio.get_running_loop().create_future()

    async def handler(reader, writer):
        got.set_result(await reader.read())
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"before")
    writer.write_eof()
    try:
        writer.write(b"after")
        trace("write after write_eof raised nothing")
    except RuntimeError as e:
        trace("write after write_eof raised", describe(e))
    trace("the server read", repr((await got).decode()))
    trace("and we read", repr((await reader.read()).decode()))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
