# readuntil() with a multi-byte separator returns each piece with the separator, even when
# the separator's bytes are split between writes; at the end of the stream without it,
# IncompleteReadError carries what was left (partial) and expected None.
import asyncio
from harness import describe, run, trace


async def handler(reader, writer):
    writer.write(b"alpha\r\nbeta\r")
    await writer.drain()
    await asyncio.sleep(0)
    writer.write(b"\ngamma")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for _ in range(3):
        try:
            piece = await reader.readuntil(b"\r\n")
            trace("readuntil gives", repr(piece.decode()))
        except asyncio.IncompleteReadError as e:
            trace("raised", describe(e))
            trace("partial", repr(e.partial.decode()), "expected", e.expected)
    trace("at_eof", reader.at_eof())
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
