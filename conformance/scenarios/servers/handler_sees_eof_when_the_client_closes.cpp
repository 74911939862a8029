// A client that sends a line and closes: the handler reads the line, then the end of the
// stream (b"", at_eof() true); the server's wait_closed() returns once the handler is done.
#include "conformance.hpp"

namespace handler_sees_eof_when_the_client_closes {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::Event* done, asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    trace("handler reads", repr(co_await reader.readline()));
    const std::string line = co_await reader.readline();
    trace("handler reads", repr(line), "at_eof", reader.at_eof());
    trace("read(-1) gives", repr(co_await reader.read()));
    writer.close();
    co_await writer.wait_closed();
    done->set();
}

Coro<> scenario() {
    asyncio::Event done;
    auto serve = [&done](asyncio::StreamReader r, asyncio::StreamWriter w) {
        return handler(&done, std::move(r), std::move(w));
    };
    asyncio::Server server = co_await asyncio::start_server(serve, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    writer.write("only line\n");
    writer.close();
    co_await writer.wait_closed();
    co_await done.wait();
    trace("client closed, handler done");
    server.close();
    co_await server.wait_closed();
    trace("server closed");
}

}  // namespace handler_sees_eof_when_the_client_closes
