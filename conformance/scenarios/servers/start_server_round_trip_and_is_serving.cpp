// start_server listens at once: is_serving() is true and there is one socket for 127.0.0.1; a
// client gets its answer; after close() the server is not serving and lists no sockets.
#include "conformance.hpp"

namespace start_server_round_trip_and_is_serving {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    std::string name = co_await reader.readline();
    while (!name.empty() && (name.back() == '\n' || name.back() == ' ')) name.pop_back();
    writer.write("hello " + name + "\n");
    co_await writer.drain();
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    trace("is_serving", server.is_serving(), "sockets", server.sockets().size());
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    writer.write("world\n");
    trace("client got", repr(co_await reader.readline()));
    trace("then", repr(co_await reader.read()));
    writer.close();
    co_await writer.wait_closed();
    server.close();
    trace("after close: is_serving", server.is_serving(), "sockets", server.sockets().size());
    co_await server.wait_closed();
    trace("wait_closed returned");
}

}  // namespace start_server_round_trip_and_is_serving
