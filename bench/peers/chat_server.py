"""Peer for the chat benchmark: a chat server on Python's asyncio streams, written the textbook way.

    chat_server.py [--uvloop] [--host 127.0.0.1] [--port 8888]

It speaks the subset of asyncio-chat's protocol that asyncio-chat-bench uses: the welcome line,
the nickname as the first line, one room `lobby`, each plain line relayed to everyone else as
`<nick> text`, join and leave notices. Lines end in CRLF; LF or CRLF is accepted. For each line it
writes to every other client, then awaits drain() on each: the fan-out every tutorial shows (and
the twin of bench/fanout_server.cpp). A client that never reads therefore stalls everyone: this
server has no limits, by design. Prints nothing but errors.
"""

import argparse
import asyncio
import socket

WELCOME = b"* Welcome to asyncio-chat. Choose a nickname:\r\n"

clients = {}  # writer -> nickname, in order of arrival


async def broadcast(data, sender):
    # A connection already lost is skipped: asyncio logs every write to one.
    others = [writer for writer in clients if writer is not sender and not writer.is_closing()]
    for writer in others:
        writer.write(data)
    for writer in others:
        try:
            await writer.drain()
        except ConnectionError:
            pass  # its own handler sees the connection end


async def handle(reader, writer):
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    writer.write(WELCOME)
    nick = (await reader.readline()).strip()
    if not nick:
        writer.close()
        return
    # A member first, then announced: whoever sees the notice knows the newcomer gets what follows.
    clients[writer] = nick
    try:
        await broadcast(b"* " + nick + b" has joined lobby\r\n", writer)
        while line := await reader.readline():
            await broadcast(b"<" + nick + b"> " + line.rstrip(b"\r\n") + b"\r\n", writer)
    except ConnectionError:
        pass
    finally:
        del clients[writer]
        writer.close()
    await broadcast(b"* " + nick + b" has left lobby\r\n", None)


async def serve(host, port):
    server = await asyncio.start_server(handle, host, port)
    await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uvloop", action="store_true", help="run on uvloop instead of asyncio's loop")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8888)
    args = parser.parse_args()

    loop_factory = None
    if args.uvloop:
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
