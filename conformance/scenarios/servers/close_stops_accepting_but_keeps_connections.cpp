// close() stops listening: a new connection is refused, while a connection accepted before
// goes on being served by its handler.
#include "conformance.hpp"

namespace close_stops_accepting_but_keeps_connections {

using asyncio::Coro;
using conformance::kind;
using conformance::repr;
using conformance::trace;

Coro<> echo(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    for (;;) {
        const std::string line = co_await reader.readline();
        if (line.empty()) break;
        writer.write("echo " + line);
        co_await writer.drain();
    }
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(echo, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    writer.write("before\n");
    trace("got", repr(co_await reader.readline()));
    server.close();
    trace("closed; is_serving", server.is_serving());
    try {
        co_await asyncio::open_connection("127.0.0.1", port);
        trace("a new connection was accepted");
    } catch (const asyncio::OSError&) {
        trace("a new connection:", kind(std::current_exception()));
    }
    writer.write("after\n");
    trace("the old one still gets", repr(co_await reader.readline()));
    writer.close();
    co_await writer.wait_closed();
    co_await server.wait_closed();
    trace("done");
}

}  // namespace close_stops_accepting_but_keeps_connections
