// readline() returns each line with its "\n"; at the end of the stream the last line comes
// without one, then b"" for ever, and at_eof() turns true once the buffer is empty.
#include "conformance.hpp"

namespace readline_keeps_a_last_line_without_newline {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::StreamReader, asyncio::StreamWriter writer) {
    writer.write("first\nsecond\nlast");
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    for (int i = 0; i < 5; ++i) {
        const std::string line = co_await reader.readline();
        trace("readline gives", repr(line), "at_eof", reader.at_eof());
    }
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace readline_keeps_a_last_line_without_newline
