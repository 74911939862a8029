# readexactly(n) returns n bytes at a time, waiting for them; at the end of the stream with
# fewer, IncompleteReadError gives them (partial) and n (expected), and they are consumed.
import asyncio
from harness import describe, run, trace


async def handler(reader, writer):
    writer.write(b"0123456789")
    await writer.drain()
    writer.write(b"abc")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    trace("readexactly(4) gives", repr((await reader.readexactly(4)).decode()))
    trace("readexactly(7) gives", repr((await reader.readexactly(7)).decode()))
    try:
        await reader.readexactly(5)
    except asyncio.IncompleteReadError as e:
        trace("readexactly(5) raised", describe(e))
        trace("partial", repr(e.partial.decode()), "expected", e.expected)
    trace("at_eof", reader.at_eof())
    trace("readexactly(0) gives", repr((await reader.readexactly(0)).decode()))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
