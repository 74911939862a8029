# serve_forever() on a server that was closed raises RuntimeError at once; the server stays
# closed.
import asyncio
from harness import kind, run, trace


async def handler(reader, writer):
    writer.close()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    server.close()
    await server.wait_closed()
    try:
        await server.serve_forever()
        trace("serve_forever returned")
    except RuntimeError as e:
        trace("serve_forever raised", kind(e))
    trace("is_serving", server.is_serving(), "sockets", len(server.sockets))


run(main)
