// README "The HTTP client" and the http headers' comments: Client, get / post with a named
// RequestOptions moved in, text(), read() in pieces, raise_for_status(), http::get, Body kinds,
// ClientOptions written inline, TLS with ca_file; against web servers of its own on 127.0.0.1
// (plain, and TLS with a throwaway certificate).
#include <asyncio/asyncio.hpp>
#include <asyncio/http/http.hpp>

#include "check.hpp"
#include "examples/demo_cert.hpp"

namespace http = asyncio::http;
using namespace std::chrono_literals;

// Answers each request with its method, target and body size, or 1 MiB for /big.
asyncio::Coro<> serve(asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    for (;;) {
        const std::string request_line = co_await reader.readline();
        if (request_line.empty()) co_return;
        std::size_t length = 0;
        for (;;) {
            const std::string line = co_await reader.readline();
            if (line.empty() || line == "\r\n") break;
            if (line.starts_with("Content-Length: ")) length = std::stoul(line.substr(16));
        }
        const std::string body = co_await reader.readexactly(length);
        const std::string answer = request_line.find(" /big ") != std::string::npos
                                       ? std::string(1024 * 1024, 'b')
                                       : request_line.substr(0, request_line.size() - 2) + " " +
                                             std::to_string(body.size());
        writer.write("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(answer.size()) +
                     "\r\n\r\n" + answer);
        co_await writer.drain();
    }
}

asyncio::Coro<> readme(std::string base) {
    http::Client client;
    http::Response response = co_await client.get(base + "/");
    response.raise_for_status();
    expect(co_await response.text() == "GET / HTTP/1.1 0", "get");

    http::RequestOptions options;
    options.headers.add("Content-Type", "application/json");
    options.params = {{"page", "2"}};
    options.body = R"({"name": "value"})";
    options.timeout.total = std::chrono::seconds(10);
    http::Response posted = co_await client.post(base + "/api", std::move(options));
    expect(co_await posted.text() == "POST /api?page=2 HTTP/1.1 17", "post");

    http::Response big = co_await client.get(base + "/big");
    std::size_t total = 0;
    for (;;) {
        std::string piece = co_await big.read(64 * 1024);
        if (piece.empty()) break;
        expect(piece.size() <= 64 * 1024, "read(n) gives at most n bytes");
        total += piece.size();
    }
    expect(total == 1024 * 1024, "the whole body in pieces");

    http::Response once = co_await http::get(base + "/once");
    expect(once.status() == 200 && once.ok(), "http::get");
}

asyncio::Coro<> bodies_and_options(std::string base) {
    http::Client client(http::ClientOptions{
        .headers = {{"X-From", "readme"}}, .timeout = {.total = 30s, .connect = 5s}, .limit = 10});
    int left = 2;
    http::RequestOptions streamed;
    streamed.body = http::Body::stream([&left]() -> asyncio::Coro<std::string> {
        co_return left-- > 0 ? std::string(100, 's') : std::string();
    });
    http::Response response = co_await client.put(base + "/stream", std::move(streamed));
    expect(co_await response.text() == "PUT /stream HTTP/1.1 0",
           "a chunked upload (our server reads lengths only)");
}

asyncio::Coro<> tls(std::string certfile, std::uint16_t port) {
    http::Client client(http::ClientOptions{.ca_file = certfile});
    http::Response response =
        co_await client.get("https://localhost:" + std::to_string(port) + "/");
    expect(co_await response.text() == "GET / HTTP/1.1 0", "https with ca_file");
    try {
        http::Client strict;
        co_await strict.get("https://localhost:" + std::to_string(port) + "/");
        expect(false, "an untrusted certificate must be refused");
    } catch (const http::TLSVerificationError& error) {
        expect(!error.reason.empty(), "TLSVerificationError says why");
    }
}

asyncio::Coro<> main_() {
    asyncio::Server server = co_await asyncio::start_server(serve, "127.0.0.1", 0);
    const std::string base =
        "http://127.0.0.1:" + std::to_string(server.sockets()[0].sockname().port());
    co_await readme(base);
    co_await bodies_and_options(base);

    demo::ThrowawayCert cert;
    asyncio::SSLContext server_ctx(asyncio::SSLContext::Protocol::tls_server);
    server_ctx.load_cert_chain(cert.certfile(), cert.keyfile());
    asyncio::Server tls_server =
        co_await asyncio::start_server(serve, "127.0.0.1", 0, {.ssl = server_ctx});
    co_await tls(cert.certfile(), tls_server.sockets()[0].sockname().port());
}

int main() { return asyncio::run(main_()); }
