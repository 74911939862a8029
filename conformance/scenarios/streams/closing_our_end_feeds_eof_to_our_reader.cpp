// After writer.close() and wait_closed(), the same connection's reader is at EOF (the closed
// transport feeds EOF to its reader), with nothing buffered: read() gives nothing at once.
#include "conformance.hpp"

namespace closing_our_end_feeds_eof_to_our_reader {

using asyncio::Coro;
using conformance::trace;

Coro<> handler(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    co_await reader.read();
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    trace("at_eof while open", reader.at_eof());
    writer.close();
    co_await writer.wait_closed();
    trace("at_eof after wait_closed", reader.at_eof());
    const std::string rest = co_await reader.read();
    trace("read gives", rest.size(), "bytes");
    server.close();
    co_await server.wait_closed();
}

}  // namespace closing_our_end_feeds_eof_to_our_reader
