// Server.abort_clients() (Python 3.13) aborts every connection: a handler waiting to
// read sees the end of the stream, the client too, and wait_closed() returns.
#include "conformance.hpp"

namespace abort_clients_ends_every_connection {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;

struct Shared {
    asyncio::Event started;
    asyncio::Future<std::string> seen;
};

Coro<> handler(Shared* shared, asyncio::StreamReader reader, asyncio::StreamWriter) {
    shared->started.set();
    const std::string line = co_await reader.readline();
    shared->seen.set_result("handler read " + repr(line) + " at_eof " +
                            conformance::str(reader.at_eof()));
}

Coro<> scenario() {
    Shared shared;
    auto serve = [&shared](asyncio::StreamReader r, asyncio::StreamWriter w) {
        return handler(&shared, std::move(r), std::move(w));
    };
    asyncio::Server server = co_await asyncio::start_server(serve, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    co_await shared.started.wait();
    server.close();
    server.abort_clients();
    trace("client reads", repr(co_await reader.read()));
    trace(co_await shared.seen);  // which of the two sees the end first is the loop's business
    co_await server.wait_closed();
    trace("wait_closed returned");
    writer.close();
    co_await writer.wait_closed();
}

}  // namespace abort_clients_ends_every_connection
