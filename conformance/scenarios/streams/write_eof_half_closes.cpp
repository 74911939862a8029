// write_eof() half-closes: the peer reads to the end of the stream, and can still answer on
// the other half, which we read to its end.
#include "conformance.hpp"

namespace write_eof_half_closes {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    const std::string request = co_await reader.read();
    trace("server read to EOF:", repr(request), "at_eof", reader.at_eof());
    writer.write("reply to " + request);
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    trace("can_write_eof", writer.can_write_eof());
    writer.write("request");
    writer.write_eof();
    trace("is_closing after write_eof", writer.is_closing());
    trace("client read", repr(co_await reader.read()));
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace write_eof_half_closes
