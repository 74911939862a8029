// readexactly(n) waits until n bytes have come, across several writes spread in time, and
// returns them at once when the last piece arrives.
#include "conformance.hpp"

namespace readexactly_waits_for_all_the_bytes {

using asyncio::Coro;
using conformance::elapsed;
using conformance::repr;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> handler(asyncio::StreamReader, asyncio::StreamWriter writer) {
    for (const char* piece : {"abc", "defg", "hij"}) {
        writer.write(piece);
        co_await writer.drain();
        co_await asyncio::sleep(1s);
    }
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    std::string data = co_await reader.readexactly(9);
    trace("readexactly(9) gives", repr(data), "at", elapsed());
    data = co_await reader.readexactly(1);
    trace("readexactly(1) gives", repr(data), "at", elapsed());
    data = co_await reader.read();
    trace("read(-1) gives", repr(data), "at", elapsed());
    writer.close();
    co_await writer.wait_closed();
    server.close();
    co_await server.wait_closed();
}

}  // namespace readexactly_waits_for_all_the_bytes
