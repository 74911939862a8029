# Server.close_clients() (Python 3.13) closes every connection: a handler waiting to read sees
# the end of the stream, the client reads the end too, and wait_closed() returns.
import asyncio
from harness import run, trace


async def main():
    started = asyncio.Event()
    seen = asyncio.get_running_loop().create_future()

    async def handler(reader, writer):
        started.set()
        line = await reader.readline()
        seen.set_result(f"handler read {line.decode()!r} at_eof {reader.at_eof()}")

    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await started.wait()
    server.close()
    server.close_clients()
    trace("client reads", repr((await reader.read()).decode()))
    trace(await seen)  # which of the two sees the end first is the loop's business
    await server.wait_closed()
    trace("wait_closed returned")
    writer.close()
    await writer.wait_closed()


run(main)
