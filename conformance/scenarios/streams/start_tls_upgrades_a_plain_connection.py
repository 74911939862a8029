# writer.start_tls() (Python 3.11) upgrades a plain connection in place: the lines before it
# go in the clear, the ones after it through TLS, on the same reader and writer; the client
# checks the server's certificate against server_hostname. (conformance/support/tls/ holds a
# throwaway certificate for localhost, valid for a century.)
import asyncio
import ssl
from pathlib import Path

from harness import repr_list, run, trace

TLS = Path(__file__).resolve().parents[2] / "support" / "tls"


async def handler(reader, writer):
    trace("server got", repr((await reader.readline()).decode()))
    writer.write(b"go ahead\n")
    await writer.drain()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "localhost.pem", TLS / "localhost.key")
    await writer.start_tls(context)
    trace("server got over TLS", repr((await reader.readline()).decode()))
    writer.write(b"secret received\n")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"STARTTLS\n")
    trace("client got", repr((await reader.readline()).decode()))
    context = ssl.create_default_context(cafile=TLS / "localhost.pem")
    await writer.start_tls(context, server_hostname="localhost")
    trace("TLS version is 1.2 or newer:", writer.get_extra_info("ssl_object").version() in ("TLSv1.2", "TLSv1.3"))
    writer.write(b"secret\n")
    trace("client got over TLS", repr((await reader.readline()).decode()))
    trace("then", repr_list([(await reader.read()).decode()]))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


run(main)
