// write() after close() is dropped quietly (the peer gets only what came before); drain()
// after close() raises ConnectionResetError, before and after wait_closed().
#include "conformance.hpp"

namespace write_after_close_is_dropped {

using asyncio::Coro;
using conformance::kind;
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
    writer.write("kept");
    writer.close();
    writer.write(" dropped");
    trace("write after close raised nothing");
    try {
        co_await writer.drain();
        trace("drain returned");
    } catch (const asyncio::ConnectionError&) {
        trace("drain after close raised", kind(std::current_exception()));
    }
    co_await writer.wait_closed();
    try {
        co_await writer.drain();
        trace("drain returned");
    } catch (const asyncio::ConnectionError&) {
        trace("drain after wait_closed raised", kind(std::current_exception()));
    }
    trace("the server read", repr(co_await got));
    server.close();
    co_await server.wait_closed();
}

}  // namespace write_after_close_is_dropped
