// start_server on a port another server listens on raises OSError (address in use); the
// first server is unaffected.
#include <cerrno>

#include "conformance.hpp"

namespace binding_a_port_in_use_raises_os_error {

using asyncio::Coro;
using conformance::kind;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::StreamReader, asyncio::StreamWriter writer) {
    writer.write("first\n");
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    try {
        co_await asyncio::start_server(handler, "127.0.0.1", port);
        trace("the second server started");
    } catch (const asyncio::OSError& e) {
        trace("the second server:", kind(std::current_exception()), "EADDRINUSE",
              e.code().value() == EADDRINUSE);
    }
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    trace("the first still serves:", repr(co_await reader.readline()));
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace binding_a_port_in_use_raises_os_error
