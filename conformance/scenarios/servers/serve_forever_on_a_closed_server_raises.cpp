// serve_forever() on a server that was closed raises RuntimeError at once; the server stays
// closed.
#include "conformance.hpp"

namespace serve_forever_on_a_closed_server_raises {

using asyncio::Coro;
using conformance::kind;
using conformance::trace;

Coro<> handler(asyncio::StreamReader, asyncio::StreamWriter writer) {
    writer.close();
    co_return;
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    server.close();
    co_await server.wait_closed();
    try {
        co_await server.serve_forever();
        trace("serve_forever returned");
    } catch (const asyncio::RuntimeError&) {
        trace("serve_forever raised", kind(std::current_exception()));
    }
    trace("is_serving", server.is_serving(), "sockets", server.sockets().size());
}

}  // namespace serve_forever_on_a_closed_server_raises
