// Once the stream has ended and the buffer is empty, read(n), read(-1) and readline() return
// b"" every time; readuntil() raises IncompleteReadError with an empty partial.
#include "conformance.hpp"

namespace reads_after_eof_return_empty {

using asyncio::Coro;
using conformance::describe;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::StreamReader, asyncio::StreamWriter writer) {
    writer.write("only");
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    const std::string all = co_await reader.read();
    trace("read(-1) gives", repr(all), "at_eof", reader.at_eof());
    trace("read(10) gives", repr(co_await reader.read(10)));
    trace("read(-1) gives", repr(co_await reader.read()));
    trace("readline gives", repr(co_await reader.readline()));
    try {
        co_await reader.readuntil("!");
    } catch (const asyncio::IncompleteReadError& e) {
        trace("readuntil raised", describe(std::current_exception()), "partial", repr(e.partial));
    }
    trace("at_eof", reader.at_eof());
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace reads_after_eof_return_empty
