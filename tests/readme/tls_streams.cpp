// streams.hpp and README's table: open_connection(host, port, {.ssl = ctx, .server_hostname
// = "x"}) inline in the co_await, against start_server(handler, host, 0, {.ssl = ctx}) made
// here with a throwaway certificate; serve_forever() cancelled to stop.
#include <asyncio/asyncio.hpp>

#include "check.hpp"
#include "examples/demo_cert.hpp"

asyncio::Coro<> handle_client(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    std::string line = co_await reader.readline();
    writer.write("pong " + line);
    co_await writer.drain();
}

asyncio::Coro<> main_() {
    demo::ThrowawayCert cert;
    asyncio::SSLContext server_ctx(asyncio::SSLContext::Protocol::tls_server);
    server_ctx.load_cert_chain(cert.certfile(), cert.keyfile());
    asyncio::Server server =
        co_await asyncio::start_server(handle_client, "127.0.0.1", 0, {.ssl = server_ctx});
    const std::uint16_t port = server.sockets()[0].sockname().port();
    auto serving = asyncio::create_task(server.serve_forever());

    auto ctx = asyncio::SSLContext::create_default_context();
    ctx.load_verify_locations(cert.certfile());
    auto [reader, writer] = co_await asyncio::open_connection(
        "127.0.0.1", port, {.ssl = ctx, .server_hostname = "localhost"});
    writer.write("ping\n");
    std::string answer = co_await reader.readline();
    expect(answer == "pong ping\n", "TLS echo gave '" + answer + "'");
    writer.close();
    co_await writer.wait_closed();

    serving.cancel();
    try {
        co_await serving;
    } catch (const asyncio::CancelledError&) {
    }
}

int main() { return asyncio::run(main_()); }
