# A peer that resets the connection (SO_LINGER 0, then abort): the reader waiting on it
# raises ConnectionResetError, and so does every read after it.
import asyncio
import socket
import struct
from harness import kind, run, trace


async def handler(reader, writer):
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    await reader.readline()
    writer.transport.abort()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"reset me\n")
    for _ in range(2):
        try:
            data = await reader.read(100)
            trace("read gives", repr(data.decode()))
        except ConnectionError as e:
            trace("read raised", kind(e))
    writer.close()
    try:
        await writer.wait_closed()
        trace("wait_closed returned")
    except ConnectionError as e:
        trace("wait_closed raised", kind(e))
    server.close()
    await server.wait_closed()


run(main)
