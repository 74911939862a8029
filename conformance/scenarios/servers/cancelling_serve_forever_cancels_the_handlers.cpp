// Cancelling serve_forever() with a connection open: CPython 3.11 closes the server and
// returns at once, the handler going on (it still answers its client); asyncio-cpp also
// cancels the handlers and waits for them, so the client reads the end of the stream.
#include "conformance.hpp"

namespace cancelling_serve_forever_cancels_the_handlers {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::repr;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> handler(asyncio::Event* started, asyncio::StreamReader reader,
               asyncio::StreamWriter writer) {
    started->set();
    std::exception_ptr cancelled;
    try {
        const std::string line = co_await reader.readline();
        trace("handler read", repr(line));
        writer.write("answer\n");
        co_await writer.drain();
    } catch (const asyncio::CancelledError&) {
        trace("handler cancelled");
        cancelled = std::current_exception();
    }
    writer.close();  // the finally block
    if (cancelled) std::rethrow_exception(cancelled);
}

Coro<> serve(asyncio::Server server) { co_await server.serve_forever(); }

Coro<> scenario() {
    asyncio::Event started;
    auto on_client = [&started](asyncio::StreamReader r, asyncio::StreamWriter w) {
        return handler(&started, std::move(r), std::move(w));
    };
    asyncio::Server server = co_await asyncio::start_server(on_client, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto serving = asyncio::create_task(serve(server));
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    co_await started.wait();
    serving.cancel();
    std::vector<asyncio::Task<void>> tasks{serving};
    auto [done, pending] = co_await asyncio::wait(tasks, asyncio::ALL_COMPLETED, 10s);
    trace("serve_forever done:", pending.empty(), "at", elapsed());
    writer.write("question\n");
    trace("client reads", repr(co_await reader.read()));
    try {
        co_await serving;
    } catch (const asyncio::CancelledError&) {
        trace("serve_forever raised", describe(std::current_exception()));
    }
    writer.close();
    co_await writer.wait_closed();
}

}  // namespace cancelling_serve_forever_cancels_the_handlers
