// server.hpp: start_server(handle_client, "127.0.0.1", port), serve_forever(); README's
// table: open_connection(host, port), read/readline/readexactly, write/drain/close,
// get_extra_info<SocketAddress>("peername"), writer.abort(), server.shutdown(grace).
#include <asyncio/asyncio.hpp>

#include "check.hpp"

using namespace std::chrono_literals;

asyncio::Coro<> handle_client(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    std::string line = co_await reader.readline();
    writer.write(line);
    co_await writer.drain();
}

asyncio::Coro<> main_() {
    asyncio::Server server = co_await asyncio::start_server(handle_client, "127.0.0.1", 0);
    const std::uint16_t port = server.sockets()[0].sockname().port();
    auto serving = asyncio::create_task(server.serve_forever());

    auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
    auto peer = writer.get_extra_info<asyncio::SocketAddress>("peername");
    expect(peer && peer->port() == port, "peername");
    writer.write("hello\n");
    co_await writer.drain();
    std::string head = co_await reader.readexactly(2);
    std::string rest = co_await reader.readline();
    expect(head + rest == "hello\n", "echo gave '" + head + rest + "'");
    std::string end = co_await reader.read(100);
    expect(end.empty() && reader.at_eof(), "the server closed the connection");
    writer.close();
    co_await writer.wait_closed();

    // writer.transport.abort(): closes at once; the server's handler reads the end.
    auto [reader2, writer2] = co_await asyncio::open_connection("127.0.0.1", port);
    writer2.abort();
    expect(writer2.is_closing(), "abort() closes");
    expect(co_await reader2.read(100) == "", "an aborted stream reads its end");

    co_await server.shutdown(1s);
    try {
        co_await serving;
    } catch (const asyncio::CancelledError&) {
    }
}

int main() { return asyncio::run(main_()); }
