// writer.start_tls() (Python 3.11) upgrades a plain connection in place: the lines before it
// go in the clear, the ones after it through TLS, on the same reader and writer; the client
// checks the server's certificate against server_hostname. (conformance/support/tls/ holds a
// throwaway certificate for localhost, valid for a century.)
#include "conformance.hpp"

namespace start_tls_upgrades_a_plain_connection {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;

const std::string tls_dir = CONFORMANCE_TLS_DIR;

Coro<> handler(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    trace("server got", repr(co_await reader.readline()));
    writer.write("go ahead\n");
    co_await writer.drain();
    asyncio::SSLContext context(asyncio::SSLContext::Protocol::tls_server);
    context.load_cert_chain(tls_dir + "/localhost.pem", tls_dir + "/localhost.key");
    co_await writer.start_tls(context);
    trace("server got over TLS", repr(co_await reader.readline()));
    writer.write("secret received\n");
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    writer.write("STARTTLS\n");
    trace("client got", repr(co_await reader.readline()));
    asyncio::SSLContext context = asyncio::SSLContext::create_default_context();
    context.load_verify_locations(tls_dir + "/localhost.pem");
    co_await writer.start_tls(context, "localhost");
    const std::string version = writer.get_extra_info<std::string>("ssl_version").value_or("");
    trace("TLS version is 1.2 or newer:", version == "TLSv1.2" || version == "TLSv1.3");
    writer.write("secret\n");
    trace("client got over TLS", repr(co_await reader.readline()));
    const std::string rest = co_await reader.read();
    trace("then", conformance::repr_list(std::vector<std::string>{rest}));
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace start_tls_upgrades_a_plain_connection
