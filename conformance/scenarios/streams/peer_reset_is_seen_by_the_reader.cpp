// A peer that resets the connection (SO_LINGER 0, then abort): the reader waiting on it
// raises ConnectionResetError, and so does every read after it.
#include <sys/socket.h>

#include "conformance.hpp"

namespace peer_reset_is_seen_by_the_reader {

using asyncio::Coro;
using conformance::kind;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    const int fd = writer.get_extra_info<int>("socket").value();
    const linger reset{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    co_await reader.readline();
    writer.abort();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    writer.write("reset me\n");
    for (int i = 0; i < 2; ++i) {
        try {
            const std::string data = co_await reader.read(100);
            trace("read gives", repr(data));
        } catch (const asyncio::ConnectionError&) {
            trace("read raised", kind(std::current_exception()));
        }
    }
    writer.close();
    try {
        co_await writer.wait_closed();
        trace("wait_closed returned");
    } catch (const asyncio::ConnectionError&) {
        trace("wait_closed raised", kind(std::current_exception()));
    }
    server.close();
    co_await server.wait_closed();
}

}  // namespace peer_reset_is_seen_by_the_reader
