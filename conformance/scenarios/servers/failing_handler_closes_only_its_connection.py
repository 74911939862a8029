# A handler that raises: its connection is closed (the client reads the end of the stream)
# and the error is reported; the server goes on serving the next client.
import asyncio
from harness import run, trace


async def handler(reader, writer):
    line = await reader.readline()
    if line == b"fail\n":
        raise ValueError("handler failed")
    writer.write(b"ok " + line)
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    for request in (b"fail\n", b"next\n"):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        try:  # bounded: a connection left open would make the client wait for ever
            reply = repr((await asyncio.wait_for(reader.read(), 10)).decode())
        except TimeoutError:
            reply = "nothing in 10 s"
        trace("client sent", repr(request.decode()), "and reads", reply)
        writer.close()
        await writer.wait_closed()
    trace("is_serving", server.is_serving())
    server.close()
    await server.wait_closed()


run(main)
