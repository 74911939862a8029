# Each connection's handler is a task of its own: a handler waiting for its client does not
# hold up another client's.
import asyncio
from harness import run, trace


async def handler(reader, writer):
    line = await reader.readline()
    trace("handler got", repr(line.decode()))
    writer.write(b"re: " + line)
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    r1, w1 = await asyncio.open_connection("127.0.0.1", port)
    r2, w2 = await asyncio.open_connection("127.0.0.1", port)
    w2.write(b"second\n")
    trace("client 2 reads", repr((await r2.read()).decode()))
    w1.write(b"first\n")
    trace("client 1 reads", repr((await r1.read()).decode()))
    for w in (w1, w2):
        w.close()
        await w.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
