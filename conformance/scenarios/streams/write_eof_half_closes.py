# write_eof() half-closes: the peer reads to the end of the stream, and can still answer on
# the other half, which we read to its end.
import asyncio
from harness import run, trace


async def handler(reader, writer):
    request = await reader.read()
    trace("server read to EOF:", repr(request.decode()), "at_eof", reader.at_eof())
    writer.write(b"reply to " + request)
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    trace("can_write_eof", writer.can_write_eof())
    writer.write(b"request")
    writer.write_eof()
    trace("is_closing after write_eof", writer.is_closing())
    trace("client read", repr((await reader.read()).decode()))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
