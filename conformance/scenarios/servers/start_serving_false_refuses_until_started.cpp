// start_server(start_serving=False) binds but does not listen: a connection is refused;
// after start_serving() it is accepted and served.
#include "conformance.hpp"

namespace start_serving_false_refuses_until_started {

using asyncio::Coro;
using conformance::kind;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::StreamReader, asyncio::StreamWriter writer) {
    writer.write("served\n");
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server =
        co_await asyncio::start_server(handler, "127.0.0.1", 0, {.start_serving = false});
    const auto port = server.sockets()[0].sockname().port();
    trace("is_serving", server.is_serving(), "sockets", server.sockets().size());
    try {
        co_await asyncio::open_connection("127.0.0.1", port);
        trace("connected before start_serving");
    } catch (const asyncio::OSError&) {
        trace("before start_serving:", kind(std::current_exception()));
    }
    co_await server.start_serving();
    trace("is_serving", server.is_serving());
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    trace("after start_serving:", repr(co_await reader.readline()));
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace start_serving_false_refuses_until_started
