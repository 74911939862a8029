// A handler that raises: its connection is closed (the client reads the end of the stream)
// and the error is reported; the server goes on serving the next client.
#include "conformance.hpp"

namespace failing_handler_closes_only_its_connection {

using asyncio::Coro;
using conformance::repr;
using conformance::trace;

Coro<> handler(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    const std::string line = co_await reader.readline();
    if (line == "fail\n") throw asyncio::ValueError("handler failed");
    writer.write("ok " + line);
    writer.close();
    co_await writer.wait_closed();
}

Coro<> scenario() {
    asyncio::Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0);
    const auto port = server.sockets()[0].sockname().port();
    for (const char* request : {"fail\n", "next\n"}) {
        auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
        writer.write(request);
        std::string reply;
        try {  // bounded: a connection left open would make the client wait for ever
            reply = repr(co_await asyncio::wait_for(reader.read(), std::chrono::seconds(10)));
        } catch (const asyncio::TimeoutError&) {
            reply = "nothing in 10 s";
        }
        trace("client sent", repr(request), "and reads", reply);
        writer.close();
        co_await writer.wait_closed();
    }
    trace("is_serving", server.is_serving());
    server.close();
    co_await server.wait_closed();
}

}  // namespace failing_handler_closes_only_its_connection
