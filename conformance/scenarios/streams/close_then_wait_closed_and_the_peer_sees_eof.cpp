// close() sends what is queued, then closes: is_closing() is true at once, wait_closed()
// returns once closed, and the peer reads the bytes and then the end of the stream.
#include "conformance.hpp"

namespace close_then_wait_closed_and_the_peer_sees_eof {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::Future<std::string>* got, asyncio::StreamReader reader,
               asyncio::StreamWriter writer) {
    std::string data = co_await reader.read();
    got->set_result(std::move(data));
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Future<std::string> got;
    auto serve = [&got](asyncio::StreamReader r, asyncio::StreamWriter w) {
        return handler(&got, std::move(r), std::move(w));
    };
    asyncio::Server server = co_await asyncio::start_server(serve, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    trace("is_closing before", writer.is_closing());
    writer.write("last words");
    writer.close();
    trace("is_closing after close()", writer.is_closing());
    co_await writer.wait_closed();
    trace("wait_closed returned");
    co_await writer.wait_closed();
    trace("a second wait_closed returns too");
    trace("the server read", repr(co_await got));
    server.close();
    co_await server.wait_closed();
}

}  // namespace close_then_wait_closed_and_the_peer_sees_eof
