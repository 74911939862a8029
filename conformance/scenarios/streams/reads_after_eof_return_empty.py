# Once the stream has ended and the buffer is empty, read(n), read(-1) and readline() return
# b"" every time; readuntil() raises IncompleteReadError with an empty partial.
import asyncio
from harness import describe, run, trace


async def handler(reader, writer):
    writer.write(b"only")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    trace("read(-1) gives", repr((await reader.read()).decode()), "at_eof", reader.at_eof())
    trace("read(10) gives", repr((await reader.read(10)).decode()))
    trace("read(-1) gives", repr((await reader.read()).decode()))
    trace("readline gives", repr((await reader.readline()).decode()))
    try:
        await reader.readuntil(b"!")
    except asyncio.IncompleteReadError as e:
        trace("readuntil raised", describe(e), "partial", repr(e.partial.decode()))
    trace("at_eof", reader.at_eof())
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
