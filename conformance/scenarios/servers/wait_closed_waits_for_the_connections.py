# Server.wait_closed() after close() waits until the connections accepted before have closed
# (Python 3.12): here the handler closes its connection 2 s in. (3.11 returned at once.)
import asyncio
from harness import elapsed, run, trace


async def handler(reader, writer):
    await reader.readline()
    await asyncio.sleep(2)
    trace("handler closes at", elapsed())
    writer.write(b"bye\n")
    writer.close()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hi\n")
    await asyncio.sleep(0.5)
    server.close()
    trace("closed at", elapsed())
    await server.wait_closed()
    trace("wait_closed returned at", elapsed())
    trace("client reads", repr((await reader.read()).decode()))
    writer.close()
    await writer.wait_closed()


run(main)
