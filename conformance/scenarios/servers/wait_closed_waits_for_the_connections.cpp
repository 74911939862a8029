// Server.wait_closed() after close() waits until the connections accepted before have closed
// (Python 3.12): here the handler closes its connection 2 s in. (3.11 returned at once.)
#include "conformance.hpp"

namespace wait_closed_waits_for_the_connections {

using asyncio::Coro;
using conformance::elapsed;
using conformance::repr;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> handler(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    co_await reader.readline();
    co_await asyncio::sleep(2s);
    trace("handler closes at", elapsed());
    writer.write("bye\n");
    writer.close();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    writer.write("hi\n");
    co_await asyncio::sleep(500ms);
    server.close();
    trace("closed at", elapsed());
    co_await server.wait_closed();
    trace("wait_closed returned at", elapsed());
    trace("client reads", repr(co_await reader.read()));
    writer.close();
    co_await writer.wait_closed();
}

}  // namespace wait_closed_waits_for_the_connections
