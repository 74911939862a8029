// write() after write_eof() raises RuntimeError; what was written before it reaches the
// peer, followed by the end of the stream.
#include "conformance.hpp"

namespace write_after_write_eof_raises {

using asyncio::Coro;
using conformance::describe;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::Future<std::string>* got, asyncio::StreamReader reader,
               asyncio::StreamWriter writer) {
    std::string data = co_await reader.read();
    got->set_result(std::move(data));
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Future<std::string> got;
    auto serve = [&got](asyncio::StreamReader r, asyncio::StreamWriter w) {
        return handler(&got, std::move(r), std::move(w));
    };
    asyncio::Server server = co_await asyncio::start_server(serve, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    writer.write("before");
    writer.write_eof();
    try {
        writer.write("after");
        trace("write after write_eof raised nothing");
    } catch (const asyncio::RuntimeError&) {
        trace("write after write_eof raised", describe(std::current_exception()));
    }
    trace("the server read", repr(co_await got));
    trace("and we read", repr(co_await reader.read()));
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace write_after_write_eof_raises
