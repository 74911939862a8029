# A client that sends a line and closes: the handler reads the line, then the end of the
# stream (b"", at_eof() true); the server's wait_closed() returns once the handler is done.
import asyncio
from harness import run, trace


async def main():
    done = asyncio.Event()

    async def handler(reader, writer):
        trace("handler reads", repr((await reader.readline()).decode()))
        trace("handler reads", repr((await reader.readline()).decode()), "at_eof", reader.at_eof())
        trace("read(-1) gives", repr((await reader.read()).decode()))
        writer.close()
        await writer.wait_closed()
        done.set()

    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"only line\n")
    writer.close()
    await writer.wait_closed()
    await done.wait()
    trace("client closed, handler done")
    server.close()
    await server.wait_closed()
    trace("server closed")


run(main)
