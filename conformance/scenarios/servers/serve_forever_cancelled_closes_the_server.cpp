// serve_forever() starts serving a server made with start_serving=False; cancelling it makes
// its task raise CancelledError, and the server is closed (not serving, no sockets).
#include "conformance.hpp"

namespace serve_forever_cancelled_closes_the_server {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> handler(asyncio::StreamReader, asyncio::StreamWriter writer) {
    writer.close();
    co_return;
}

Coro<> serve(asyncio::Server server) { co_await server.serve_forever(); }

Coro<> scenario() {
    asyncio::Server server =
        co_await asyncio::start_server(handler, "127.0.0.1", 0, {.start_serving = false});
    trace("before: is_serving", server.is_serving(), "sockets", server.sockets().size());
    auto task = asyncio::create_task(serve(server));
    co_await asyncio::sleep(0s);
    trace("serving: is_serving", server.is_serving());
    task.cancel();
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("serve_forever raised", describe(std::current_exception()));
    }
    trace("after: is_serving", server.is_serving(), "sockets", server.sockets().size());
}

}  // namespace serve_forever_cancelled_closes_the_server
