# write() queues bytes and drain() returns once they may go on; an echo server answers each
# line; writelines() sends its pieces in order, as one write of their concatenation would.
import asyncio
from harness import run, trace


async def echo(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(b"echo: " + line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"one\n")
    await writer.drain()
    trace("got", repr((await reader.readline()).decode()))
    writer.writelines([b"tw", b"o\nthr", b"ee\n"])
    await writer.drain()
    trace("got", repr((await reader.readline()).decode()))
    trace("got", repr((await reader.readline()).decode()))
    writer.write_eof()
    trace("after EOF the server closes:", repr((await reader.read()).decode()))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
