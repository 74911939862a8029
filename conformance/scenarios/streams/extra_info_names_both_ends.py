# get_extra_info("peername") on one end is get_extra_info("sockname") on the other; both on
# 127.0.0.1; an unknown name gives None.
import asyncio
from harness import run, trace


async def main():
    seen = asyncio.get_running_loop().create_future()

    async def handler(reader, writer):
        seen.set_result((writer.get_extra_info("peername"), writer.get_extra_info("sockname")))
        await reader.read()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    server_peer, server_sock = await seen
    peer = writer.get_extra_info("peername")
    sock = writer.get_extra_info("sockname")
    trace("client peername host", peer[0], "port is the server's:", peer[1] == port)
    trace("client peername == server sockname:", peer == server_sock)
    trace("client sockname == server peername:", sock == server_peer)
    trace("unknown name gives", writer.get_extra_info("no such thing"))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
