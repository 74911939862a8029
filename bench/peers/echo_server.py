"""Peer for the echo benchmark: a TCP echo server on Python's asyncio streams.

    echo_server.py [--uvloop] PORT      (listens on 127.0.0.1:PORT until killed)

The handler is the textbook streams echo, the same shape as bench/echo_server.cpp: read up to
64 KiB, write it back, await drain(). Prints nothing but errors.
"""

import argparse
import asyncio
import socket


async def echo(reader, writer):
    # asyncio and uvloop both set TCP_NODELAY on TCP transports already; set it anyway so that
    # every server in the comparison is seen to run without Nagle's algorithm.
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while True:
        data = await reader.read(65536)
        if not data:
            break
        writer.write(data)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def serve(port):
    server = await asyncio.start_server(echo, "127.0.0.1", port)
    await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uvloop", action="store_true", help="run on uvloop instead of asyncio's loop")
    parser.add_argument("port", type=int)
    args = parser.parse_args()

    loop_factory = None
    if args.uvloop:
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(serve(args.port))


if __name__ == "__main__":
    main()
