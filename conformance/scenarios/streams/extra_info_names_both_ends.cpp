// get_extra_info("peername") on one end is get_extra_info("sockname") on the other; both on
// 127.0.0.1; an unknown name gives None.
#include "conformance.hpp"

namespace extra_info_names_both_ends {

using asyncio::Coro;
using asyncio::SocketAddress;
using conformance::trace;

using Ends = std::pair<SocketAddress, SocketAddress>;

Coro<> handler(asyncio::Future<Ends>* seen, asyncio::StreamReader reader,
               asyncio::StreamWriter writer) {
    seen->set_result(Ends(writer.get_extra_info<SocketAddress>("peername").value(),
                          writer.get_extra_info<SocketAddress>("sockname").value()));
    co_await reader.read();
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Future<Ends> seen;
    auto serve = [&seen](asyncio::StreamReader r, asyncio::StreamWriter w) {
        return handler(&seen, std::move(r), std::move(w));
    };
    asyncio::Server server = co_await asyncio::start_server(serve, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    const auto [server_peer, server_sock] = co_await seen;
    const SocketAddress peer = writer.get_extra_info<SocketAddress>("peername").value();
    const SocketAddress sock = writer.get_extra_info<SocketAddress>("sockname").value();
    trace("client peername host", peer.host(), "port is the server's:", peer.port() == port);
    trace("client peername == server sockname:", peer == server_sock);
    trace("client sockname == server peername:", sock == server_peer);
    trace("unknown name gives", writer.get_extra_info("no such thing").has_value() ? "?" : "None");
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace extra_info_names_both_ends
