// readuntil() with a multi-byte separator returns each piece with the separator, even when
// the separator's bytes are split between writes; at the end of the stream without it,
// IncompleteReadError carries what was left (partial) and expected None.
#include "conformance.hpp"

namespace readuntil_multibyte_separator_then_incomplete_at_eof {

using asyncio::Coro;
using conformance::describe;
using conformance::repr;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> handler(asyncio::StreamReader, asyncio::StreamWriter writer) {
    writer.write("alpha\r\nbeta\r");
    co_await writer.drain();
    co_await asyncio::sleep(0s);
    writer.write("\ngamma");
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    for (int i = 0; i < 3; ++i) {
        try {
            const std::string piece = co_await reader.readuntil("\r\n");
            trace("readuntil gives", repr(piece));
        } catch (const asyncio::IncompleteReadError& e) {
            trace("raised", describe(std::current_exception()));
            trace("partial", repr(e.partial), "expected", e.expected);
        }
    }
    trace("at_eof", reader.at_eof());
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace readuntil_multibyte_separator_then_incomplete_at_eof
