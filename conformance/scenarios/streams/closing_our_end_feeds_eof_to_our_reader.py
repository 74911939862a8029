# After writer.close() and wait_closed(), the same connection's reader is at EOF (the closed
# transport feeds EOF to its reader), with nothing buffered: read() gives nothing at once.
import asyncio
from harness import run, trace


async def handler(reader, writer):
    await reader.read()
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    trace("at_eof while open", reader.at_eof())
    writer.close()
    await writer.wait_closed()
    trace("at_eof after wait_closed", reader.at_eof())
    trace("read gives", len(await reader.read()), "bytes")
    server.close()
    await server.wait_closed()


run(main)
