// readexactly(n) returns n bytes at a time, waiting for them; at the end of the stream with
// fewer, IncompleteReadError gives them (partial) and n (expected), and they are consumed.
#include "conformance.hpp"

namespace readexactly_at_eof_raises_incomplete_read {

using asyncio::Coro;
using conformance::describe;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::StreamReader, asyncio::StreamWriter writer) {
    writer.write("0123456789");
    co_await writer.drain();
    writer.write("abc");
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    trace("readexactly(4) gives", repr(co_await reader.readexactly(4)));
    trace("readexactly(7) gives", repr(co_await reader.readexactly(7)));
    try {
        co_await reader.readexactly(5);
    } catch (const asyncio::IncompleteReadError& e) {
        trace("readexactly(5) raised", describe(std::current_exception()));
        trace("partial", repr(e.partial), "expected", e.expected);
    }
    trace("at_eof", reader.at_eof());
    trace("readexactly(0) gives", repr(co_await reader.readexactly(0)));
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace readexactly_at_eof_raises_incomplete_read
