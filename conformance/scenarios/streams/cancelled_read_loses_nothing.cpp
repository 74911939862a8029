// A readline() cancelled while it waits loses nothing: the bytes that had come are still in
// the buffer, and the next readline() returns the whole line.
#include "conformance.hpp"

namespace cancelled_read_loses_nothing {

using asyncio::Coro;
using conformance::describe;
using conformance::repr;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> handler(asyncio::Event* go_on, asyncio::StreamReader, asyncio::StreamWriter writer) {
    writer.write("hel");
    co_await writer.drain();
    co_await go_on->wait();
    writer.write("lo\n");
    writer.close();
    co_await writer.wait_closed();
}

Coro<std::string> readline_of(asyncio::StreamReader* reader) {
    co_return co_await reader->readline();
}

Coro<> scenario() {
    asyncio::Event go_on;
    auto serve = [&go_on](asyncio::StreamReader r, asyncio::StreamWriter w) {
        return handler(&go_on, std::move(r), std::move(w));
    };
    asyncio::Server server = co_await asyncio::start_server(serve, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    trace("read(1) gives", repr(co_await reader.read(1)));
    auto task = asyncio::create_task(readline_of(&reader));
    co_await asyncio::sleep(0s);
    task.cancel("give up");
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("readline task", describe(std::current_exception()));
    }
    go_on.set();
    trace("next readline gives", repr(co_await reader.readline()));
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace cancelled_read_loses_nothing
