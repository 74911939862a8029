# readline() returns each line with its "\n"; at the end of the stream the last line comes
# without one, then b"" for ever, and at_eof() turns true once the buffer is empty.
import asyncio
from harness import run, trace


async def handler(reader, writer):
    writer.write(b"first\nsecond\nlast")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for _ in range(5):
        line = await reader.readline()
        trace("readline gives", repr(line.decode()), "at_eof", reader.at_eof())
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
