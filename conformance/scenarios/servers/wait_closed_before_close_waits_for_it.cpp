// wait_closed() awaited before close() waits for the close (with no connection open, it then
// returns at once); after that, it returns at once every time.
#include "conformance.hpp"

namespace wait_closed_before_close_waits_for_it {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> handler(asyncio::StreamReader, asyncio::StreamWriter writer) {
    writer.close();
    co_return;
}

Coro<> waiter(asyncio::Server server) {
    co_await server.wait_closed();
    trace("waiter returned at", elapsed());
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    auto task = asyncio::create_task(waiter(server));
    co_await asyncio::sleep(1s);
    trace("waiter done before close:", task.done());
    server.close();
    trace("closed at", elapsed());
    co_await task;
    co_await server.wait_closed();
    trace("a later wait_closed returned at", elapsed());
}

}  // namespace wait_closed_before_close_waits_for_it
