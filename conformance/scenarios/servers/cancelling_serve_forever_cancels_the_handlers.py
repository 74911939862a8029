# Cancelling serve_forever() with a connection open: CPython 3.11 closes the server and
# returns at once, the handler going on (it still answers its client); asyncio-cpp also
# cancels the handlers and waits for them, so the client reads the end of the stream.
import asyncio
from harness import describe, elapsed, run, trace


async def main():
    started = asyncio.Event()

    async def handler(reader, writer):
        started.set()
        try:
            line = await reader.readline()
            trace("handler read", repr(line.decode()))
            writer.write(b"answer\n")
            await writer.drain()
        except asyncio.CancelledError:
            trace("handler cancelled")
            raise
        finally:
            writer.close()

    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    serving = asyncio.create_task(server.serve_forever())
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await started.wait()
    serving.cancel()
    # Bounded: CPython 3.12+ waits in serve_forever for the connection to close.
    done, _ = await asyncio.wait([serving], timeout=10)
    trace("serve_forever done:", serving in done, "at", elapsed())
    writer.write(b"question\n")
    trace("client reads", repr((await reader.read()).decode()))
    try:
        await serving
    except asyncio.CancelledError as e:
        trace("serve_forever raised", describe(e))
    writer.close()
    await writer.wait_closed()


run(main)
