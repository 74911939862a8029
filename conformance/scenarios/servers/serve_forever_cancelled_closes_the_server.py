# serve_forever() starts serving a server made with start_serving=False; cancelling it makes
# its task raise CancelledError, and the server is closed (not serving, no sockets).
import asyncio
from harness import describe, run, trace


async def handler(reader, writer):
    writer.close()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0, start_serving=False)
    trace("before: is_serving", server.is_serving(), "sockets", len(server.sockets))
    task = asyncio.create_task(server.serve_forever())
    await asyncio.sleep(0)
    trace("serving: is_serving", server.is_serving())
    task.cancel()
    try:
        await task
    except asyncio.CancelledError as e:
        trace("serve_forever raised", describe(e))
    trace("after: is_serving", server.is_serving(), "sockets", len(server.sockets))


run(main)
