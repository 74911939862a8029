// write() queues bytes and drain() returns once they may go on; an echo server answers each
// line; writelines() sends its pieces in order, as one write of their concatenation would.
#include "conformance.hpp"

namespace write_and_drain_round_trip {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;

Coro<> echo(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    for (;;) {
        const std::string line = co_await reader.readline();
        if (line.empty()) break;
        writer.write("echo: " + line);
        co_await writer.drain();
    }
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(echo, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    writer.write("one\n");
    co_await writer.drain();
    trace("got", repr(co_await reader.readline()));
    writer.writelines({"tw", "o\nthr", "ee\n"});
    co_await writer.drain();
    trace("got", repr(co_await reader.readline()));
    trace("got", repr(co_await reader.readline()));
    writer.write_eof();
    trace("after EOF the server closes:", repr(co_await reader.read()));
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace write_and_drain_round_trip
