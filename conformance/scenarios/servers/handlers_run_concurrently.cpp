// Each connection's handler is a task of its own: a handler waiting for its client does not
// hold up another client's.
#include "conformance.hpp"

namespace handlers_run_concurrently {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    const std::string line = co_await reader.readline();
    trace("handler got", repr(line));
    writer.write("re: " + line);
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [r1, w1] = co_await asyncio::open_connection("127.0.0.1", port);
    auto [r2, w2] = co_await asyncio::open_connection("127.0.0.1", port);
    w2.write("second\n");
    trace("client 2 reads", repr(co_await r2.read()));
    w1.write("first\n");
    trace("client 1 reads", repr(co_await r1.read()));
    w1.close();
    co_await w1.wait_closed();
    w2.close();
    co_await w2.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace handlers_run_concurrently
