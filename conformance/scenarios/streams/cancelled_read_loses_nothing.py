# A readline() cancelled while it waits loses nothing: the bytes that had come are still in
# the buffer, and the next readline() returns the whole line.
import asyncio
from harness import describe, run, trace


async def main():
    go_on = asyncio.Event()

    async def handler(reader, writer):
        writer.write(b"hel")
        await writer.drain()
        await go_on.wait()
        writer.write(b"lo\n")
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    first = await reader.read(1)
    trace("read(1) gives", repr(first.decode()))
    task = asyncio.create_task(reader.readline())
    await asyncio.sleep(0)
    task.cancel("give up")
    try:
        await task
    except asyncio.CancelledError as e:
        trace("readline task", describe(e))
    go_on.set()
    trace("next readline gives", repr((await reader.readline()).decode()))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
