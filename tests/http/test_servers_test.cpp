// The servers the HTTP client's tests talk to (tests/http/support/), each checked with plain
// streams and raw HTTP/1.1 bytes: our scripted HttpTestServer (each route's exact bytes, the
// request log), nginx (static files, keep-alive, gzip as chunked, redirects, TLS with the test
// CA) and Python's http.server (HTTP/1.0, and its close-delimited HTTP/1.1 mode).
#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/net/errors.hpp"
#include "asyncio/net/streams.hpp"
#include "http/support/encodings.hpp"
#include "http/support/http_test_server.hpp"
#include "http/support/nginx_fixture.hpp"
#include "http/support/python_fixture.hpp"
#include "net/net_support.hpp"
#include "support/test_support.hpp"

namespace asyncio_test::http_test {
namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::StreamReader;
using asyncio::Streams;
using asyncio::StreamWriter;

// A raw connection to 127.0.0.1:port.
Coro<Streams> connect(std::uint16_t port) {
    co_return co_await asyncio::open_connection("127.0.0.1", port);
}

std::string get(const std::string& target, const std::string& extra = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n";
}

// Sends `request` on a new connection and reads to the end of the stream.
Coro<std::string> exchange_to_eof(std::uint16_t port, std::string request) {
    auto [reader, writer] = co_await connect(port);
    writer.write(request);
    co_return co_await reader.read();
}

// Sends `request` and reads exactly as many bytes as `expected` has (then nothing is left).
Coro<std::string> exchange_exactly(StreamReader* reader, StreamWriter* writer, std::string request,
                                   std::size_t size) {
    writer->write(request);
    co_return co_await reader->readexactly(size);
}

// One route's whole answer on a connection of its own, then the end of the stream.
Coro<std::string> route_bytes(const HttpTestServer* server, std::string target) {
    co_return co_await exchange_to_eof(server->port(), get(target, "Connection: close\r\n"));
}

// Checks one route's whole answer (named first: no co_await inside EXPECT_EQ's condition).
Coro<> expect_route(const HttpTestServer* server, std::string target, std::string expected) {
    const std::string answer = co_await route_bytes(server, target);
    EXPECT_EQ(answer, expected) << target;
}

const Headers kBinary{{"Content-Type", "application/octet-stream"}};
const Headers kText{{"Content-Type", "text/plain"}};
const Headers kNone;

// Runs `body` against a fresh HttpTestServer, closed afterwards.
template <class Body>
void with_server(Body body) {
    run_bounded([](Body test) -> Coro<int> {
        HttpTestServer server = co_await HttpTestServer::start();
        co_await test(&server);
        co_await server.close();
        co_return 0;
    }(std::move(body)));
}

// -- HttpTestServer --

TEST(HttpTestServer, EchoDescribesTheRequestAndKeepsTheConnection) {
    with_server([](HttpTestServer* server) -> Coro<> {
        auto [reader, writer] = co_await connect(server->port());
        const std::string request =
            "POST /echo?x=1 HTTP/1.1\r\nHost: test\r\nX-Two: a\r\nx-two:  b \r\n"
            "Content-Length: 5\r\n\r\nhello";
        const std::string body =
            "method POST\ntarget /echo?x=1\nversion HTTP/1.1\nconnection 1\nheader Host: test\n"
            "header X-Two: a\nheader x-two: b\nheader Content-Length: 5\nbody 5\nhello";
        const std::string expected = response(200, {{"Content-Type", "text/plain"}}, body);
        const std::string first_answer =
            co_await exchange_exactly(&reader, &writer, request, expected.size());
        EXPECT_EQ(first_answer, expected);
        // The same connection again: a chunked body with a trailer this time.
        const std::string chunked =
            "PUT /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
            "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-Sum: 5\r\n\r\n";
        const std::string second = co_await exchange_exactly(&reader, &writer, chunked, 12);
        EXPECT_EQ(second, "HTTP/1.1 200");
        std::string rest = co_await reader.readuntil("\r\n\r\n");
        const std::string echoed = co_await reader.readexactly(
            std::stoul(rest.substr(rest.find("Content-Length: ") + 16)));
        const Request parsed = parse_echo(echoed);
        EXPECT_EQ(parsed.method, "PUT");
        EXPECT_EQ(parsed.connection, 1);
        EXPECT_EQ(parsed.body, "abcde");
        EXPECT_EQ(parsed.trailers, Headers({{"X-Sum", "5"}}));

        EXPECT_EQ(server->requests().size(), 2u);
        if (server->requests().size() != 2) co_return;
        const Request& first = server->requests()[0];
        EXPECT_EQ(first.header("x-TWO"), "a");
        EXPECT_EQ(first.header_count("X-Two"), 2u);
        EXPECT_EQ(first.query("x"), "1");
        EXPECT_EQ(first.path(), "/echo");
        EXPECT_EQ(server->requests()[1].body, "abcde");
        EXPECT_EQ(server->connections(), 1);
    });
}

TEST(HttpTestServer, TheLogNumbersConnections) {
    with_server([](HttpTestServer* server) -> Coro<> {
        for (int i = 0; i < 2; ++i) {
            const std::string answer = co_await route_bytes(server, "/status/200");
            EXPECT_EQ(answer.substr(0, 15), "HTTP/1.1 200 OK");
        }
        EXPECT_EQ(server->requests().size(), 2u);
        if (server->requests().size() != 2) co_return;
        EXPECT_EQ(server->requests()[0].connection, 1);
        EXPECT_EQ(server->requests()[1].connection, 2);
        EXPECT_EQ(server->connections(), 2);
    });
}

TEST(HttpTestServer, ExpectContinueGetsA100BeforeTheBody) {
    with_server([](HttpTestServer* server) -> Coro<> {
        auto [reader, writer] = co_await connect(server->port());
        writer.write(
            "POST /bytes/3 HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\nExpect: 100-continue\r\n"
            "\r\n");
        const std::string interim = co_await reader.readuntil("\r\n\r\n");
        EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
        const std::string expected =
            response(200, {{"Content-Type", "application/octet-stream"}}, pattern(3));
        const std::string answer =
            co_await exchange_exactly(&reader, &writer, "body", expected.size());
        EXPECT_EQ(answer, expected);
        EXPECT_EQ(server->requests().at(0).body, "body");
    });
}

TEST(HttpTestServer, ARouteCanRefuseTheBodyOfAnExpect) {
    with_server([](HttpTestServer* server) -> Coro<> {
        server->route(
            "/upload",
            [](Request request, StreamReader*, StreamWriter* writer) -> Coro<After> {
                writer->write(response(417, {}, request.body_read ? "read\n" : "unread\n"));
                co_return After::close;
            },
            RouteOptions{.continue_100 = false});
        const std::string answer =
            co_await exchange_to_eof(server->port(),
                                     "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: "
                                     "9\r\nExpect: 100-continue\r\n\r\n");
        EXPECT_EQ(answer, response(417, {}, "unread\n"));
    });
}

TEST(HttpTestServer, PlainRoutesSendTheDocumentedBytes) {
    with_server([](HttpTestServer* server) -> Coro<> {
        const auto close = true;
        co_await expect_route(server, "/bytes/1000", response(200, kBinary, pattern(1000), close));
        co_await expect_route(
            server, "/chunked/10?chunk=4",
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
            "Transfer-Encoding: chunked\r\nTrailer: X-Trailer\r\nConnection: close\r\n\r\n"
            "4\r\n" +
                pattern(10).substr(0, 4) + "\r\n4\r\n" + pattern(10).substr(4, 4) + "\r\n2\r\n" +
                pattern(10).substr(8) + "\r\n0\r\nX-Trailer: done\r\n\r\n");
        co_await expect_route(
            server, "/close-delimited/300",
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n" + pattern(300));
        co_await expect_route(server, "/http10/5",
                              "HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n"
                              "Content-Length: 5\r\n\r\n" +
                                  pattern(5));
        co_await expect_route(server, "/status/404", response(404, kText, "status 404\n", close));
        co_await expect_route(
            server, "/status/204",
            "HTTP/1.1 204 No Content\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n");
        co_await expect_route(server, "/status/304",
                              "HTTP/1.1 304 Not Modified\r\nContent-Type: text/plain\r\n"
                              "Connection: close\r\n\r\n");
        co_await expect_route(
            server, "/status/102",
            "HTTP/1.1 102 Processing\r\n\r\n" + response(200, kText, "status 200\n", close));
        co_await expect_route(
            server, "/informational",
            "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" +
                response(200, kText, "informational\n", close));
        co_await expect_route(server, "/nowhere",
                              response(404, kText, "no route for /nowhere\n", close));
        // HEAD: the headers of the GET, no body.
        const std::string head = co_await exchange_to_eof(
            server->port(), "HEAD /bytes/7 HTTP/1.1\r\nConnection: close\r\n\r\n");
        EXPECT_EQ(head,
                  "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                  "Content-Length: 7\r\nConnection: close\r\n\r\n");
    });
}

TEST(HttpTestServer, RedirectRoutesSendTheDocumentedBytes) {
    with_server([](HttpTestServer* server) -> Coro<> {
        const auto redirect = [](int status, std::string location) {
            return response(status, {{"Content-Type", "text/plain"}, {"Location", location}},
                            "redirect to " + location + "\n", true);
        };
        co_await expect_route(server, "/redirect/2", redirect(302, "/redirect/1"));
        co_await expect_route(server, "/redirect/1?status=307",
                              redirect(307, "/redirect/0?status=307"));
        const std::string last = co_await route_bytes(server, "/redirect/0");
        EXPECT_EQ(parse_echo(last.substr(last.find("\r\n\r\n") + 4)).target, "/redirect/0");
        co_await expect_route(server, "/redirect-to?url=http%3A%2F%2Fh%2Fx%3Fa%3D1&status=308",
                              redirect(308, "http://h/x?a=1"));
        co_await expect_route(server, "/redirect-loop", redirect(302, "/redirect-loop"));
        co_await expect_route(server, "/relative-redirect", redirect(302, "echo?from=relative"));
    });
}

// The body of a whole answer read to its end.
std::string body_of(const std::string& answer) {
    return answer.substr(answer.find("\r\n\r\n") + 4);
}

TEST(HttpTestServer, EncodedRoutesDecodeToTheTextPattern) {
    with_server([](HttpTestServer* server) -> Coro<> {
        const std::string gz = co_await route_bytes(server, "/gzip/5000");
        EXPECT_NE(gz.find("\r\nContent-Encoding: gzip\r\n"), std::string::npos);
        EXPECT_EQ(gunzip(body_of(gz)), text_pattern(5000));
        const std::string deflated = co_await route_bytes(server, "/deflate/5000");
        EXPECT_NE(deflated.find("\r\nContent-Encoding: deflate\r\n"), std::string::npos);
        EXPECT_EQ(inflate_raw(body_of(deflated)), text_pattern(5000));
        const std::string br = co_await route_bytes(server, "/br/5000");
        EXPECT_NE(br.find("\r\nContent-Encoding: br\r\n"), std::string::npos);
        EXPECT_EQ(unbrotli(body_of(br)), text_pattern(5000));
        EXPECT_LT(body_of(br).size(), 1000u);
    });
}

TEST(HttpTestServer, TheGzipBombInflatesToOneGiB) {
    with_server([](HttpTestServer* server) -> Coro<> {
        const std::string answer = co_await route_bytes(server, "/gzip-bomb");
        const std::string bomb = body_of(answer);
        EXPECT_EQ(bomb, gzip_bomb());
        EXPECT_LT(bomb.size(), 2u << 20);
        EXPECT_NE(answer.find("\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n"),
                  std::string::npos);
        // 16 KiB of it decode to at least 8 MiB of zeros; the trailer says 2^30 mod 2^32.
        const std::string start =
            gunzip_prefix(std::string_view(bomb).substr(0, 16 << 10), 8 << 20);
        EXPECT_EQ(start, std::string(8 << 20, '\0'));
        EXPECT_EQ(bomb.substr(bomb.size() - 4), std::string("\0\0\0\x40", 4));
    });
}

// The whole bomb decoded: about 5 s of zlib, so not in every run
// (--gtest_also_run_disabled_tests).
TEST(HttpTestServer, DISABLED_TheGzipBombDecodesWhole) {
    EXPECT_EQ(gunzip_size(gzip_bomb()), kGzipBombSize);
}

TEST(HttpTestServer, MisbehavingRoutesSendTheDocumentedBytes) {
    with_server([](HttpTestServer* server) -> Coro<> {
        co_await expect_route(
            server, "/truncated",
            "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + pattern(1000).substr(0, 10));
        co_await expect_route(
            server, "/bad-chunk",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n"
            "hello\r\n0\r\n\r\n");
        co_await expect_route(server, "/slow-headers?delay=1", response(200, kNone, "ok", true));
        co_await expect_route(server, "/slow-body?delay=1&n=5",
                              response(200, kBinary, pattern(5), true));
        co_await expect_route(server, "/huge-header?size=100000",
                              "HTTP/1.1 200 OK\r\nX-Huge: " + std::string(100000, 'h') +
                                  "\r\nContent-Length: 2\r\n\r\nok");
        co_await expect_route(server, "/no-response", "");
        EXPECT_EQ(server->requests().back().path(), "/no-response");
    });
}

TEST(HttpTestServer, CloseAfterResponseDropsAKeepAliveConnection) {
    with_server([](HttpTestServer* server) -> Coro<> {
        const std::string answer =
            co_await exchange_to_eof(server->port(), get("/close-after-response"));
        EXPECT_EQ(answer, response(200, {{"Content-Type", "text/plain"}}, "connection 1\n"));
    });
}

TEST(HttpTestServer, ResetMidBodySendsPartThenAReset) {
    with_server([](HttpTestServer* server) -> Coro<> {
        auto [reader, writer] = co_await connect(server->port());
        writer.write(get("/reset-mid-body"));
        std::string received;
        bool reset = false;
        try {
            for (;;) {
                const std::string piece = co_await reader.read(65536);
                if (piece.empty()) break;
                received += piece;
            }
        } catch (const asyncio::ConnectionResetError&) {
            reset = true;
        }
        EXPECT_TRUE(reset) << "the end of the stream instead of a reset";
        const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
        EXPECT_EQ(received, (head + pattern(100000).substr(0, 1000)).substr(0, received.size()));
    });
}

TEST(HttpTestServer, EndlessHeadersGoOnUntilTheClientLeaves) {
    with_server([](HttpTestServer* server) -> Coro<> {
        {
            auto [reader, writer] = co_await connect(server->port());
            writer.write(get("/endless-headers"));
            const std::string head = co_await reader.readexactly(1 << 20);
            EXPECT_EQ(head.substr(0, 17), "HTTP/1.1 200 OK\r\n");
            const std::string lines =
                "X-Endless-0: " + std::string(64, 'e') + "\r\n" + "X-Endless-1: ";
            EXPECT_EQ(head.substr(17, lines.size()), lines);
            writer.abort();
        }
        // And when the client stays but stops reading, the time limit ends it.
        auto [reader, writer] = co_await connect(server->port());
        writer.write(get("/endless-headers?limit_ms=50"));
        co_await asyncio::sleep(100ms);
        // (The read returns: the route stopped. Whatever was sent before the abort arrives.)
        std::string all;
        try {
            all = co_await reader.read();
            EXPECT_EQ(all.substr(0, 17), "HTTP/1.1 200 OK\r\n");
        } catch (const asyncio::ConnectionResetError&) {
        }
    });
}

TEST(HttpTestServer, AMalformedRequestGets400AndClose) {
    with_server([](HttpTestServer* server) -> Coro<> {
        const std::string answer = co_await exchange_to_eof(server->port(), "NONSENSE\r\n\r\n");
        EXPECT_EQ(answer,
                  response(400, {{"Content-Type", "text/plain"}}, "bad request line\n", true));
    });
}

TEST(HttpTestServer, CloseEndsRoutesInTheMiddle) {
    run_bounded([]() -> Coro<int> {
        HttpTestServer server = co_await HttpTestServer::start();
        auto [reader, writer] = co_await connect(server.port());
        writer.write(get("/slow-body?delay=10000"));
        co_await reader.readuntil("\r\n\r\n");
        co_await server.close();
        EXPECT_EQ(server.open_connections(), 0u);
        std::string rest;
        try {
            rest = co_await reader.read();
        } catch (const asyncio::ConnectionResetError&) {
        }
        EXPECT_LT(rest.size(), 10u);  // the first byte of the body may have left
        EXPECT_EQ(rest, pattern(10).substr(0, rest.size()));
        co_return 0;
    }());
}

// -- child processes --

// Whether process `pid` is gone (killed and reaped).
bool gone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

std::string get_from(std::uint16_t port, const std::string& target, const std::string& extra = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" +
           extra + "\r\n";
}

// Runs `test` (given the server) in a fresh loop, then checks that the server's process is
// gone (killed and reaped) once the server goes.
template <class Server, class Test>
void against(Server server, Test test) {
    const pid_t pid = server.pid();
    run_bounded(test(&server));
    { const Server last = std::move(server); }
    EXPECT_TRUE(gone(pid));
}

// One request on the connection, its response read.
Coro<RawResponse> ask(StreamReader* reader, StreamWriter* writer, std::string request) {
    writer->write(request);
    co_return co_await read_response(reader);
}

TEST(ChildServers, AMissingProgramIsAClearFailure) {
    try {
        require_program("/nonexistent/nginx", "nginx-light");
        ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "/nonexistent/nginx is not installed: install Debian's nginx-light "
                  "(scripts/install-deps.sh does)");
    }
}

TEST(Nginx, ServesFilesOnOneKeepAliveConnection) {
    against(NginxServer::start(), [](const NginxServer* nginx) -> Coro<int> {
        auto [reader, writer] = co_await connect(nginx->http_port());
        const std::uint16_t port = nginx->http_port();
        const RawResponse hello = co_await ask(&reader, &writer, get_from(port, "/hello.txt"));
        EXPECT_EQ(hello.status_line, "HTTP/1.1 200 OK");
        EXPECT_EQ(hello.header("Content-Type"), "text/plain");
        EXPECT_EQ(hello.body, kNginxHello);
        const RawResponse one = co_await ask(&reader, &writer, get_from(port, "/1m.bin"));
        EXPECT_EQ(one.header("Content-Length"), "1048576");
        EXPECT_TRUE(one.body == pattern(1 << 20)) << "the 1 MiB file differs";
        const RawResponse big = co_await ask(&reader, &writer, get_from(port, "/16m.bin"));
        EXPECT_EQ(big.header("Connection"), "keep-alive");
        EXPECT_TRUE(big.body == NginxServer::file_16m()) << "the 16 MiB file differs";
        co_return 0;
    });
}

TEST(Nginx, GzipsTextAsChunked) {
    against(NginxServer::start(), [](const NginxServer* nginx) -> Coro<int> {
        auto [reader, writer] = co_await connect(nginx->http_port());
        const std::uint16_t port = nginx->http_port();
        const RawResponse gz = co_await ask(
            &reader, &writer, get_from(port, "/text.txt", "Accept-Encoding: gzip\r\n"));
        EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
        EXPECT_EQ(gz.header("Transfer-Encoding"), "chunked");
        EXPECT_EQ(gz.header("Content-Length"), std::nullopt);
        EXPECT_EQ(gunzip(gz.body), text_pattern(64 << 10));
        const RawResponse plain = co_await ask(&reader, &writer, get_from(port, "/text.txt"));
        EXPECT_EQ(plain.header("Content-Encoding"), std::nullopt);
        EXPECT_EQ(plain.header("Content-Length"), "65536");
        EXPECT_EQ(plain.body, text_pattern(64 << 10));
        co_return 0;
    });
}

TEST(Nginx, Redirects) {
    against(NginxServer::start(), [](const NginxServer* nginx) -> Coro<int> {
        auto [reader, writer] = co_await connect(nginx->http_port());
        const std::uint16_t port = nginx->http_port();
        const std::string hello = nginx->http_url("/hello.txt");
        for (const int code : {301, 302, 307, 308}) {
            const RawResponse answer =
                co_await ask(&reader, &writer, get_from(port, "/redirect-" + std::to_string(code)));
            EXPECT_EQ(answer.status_line.substr(0, 12), "HTTP/1.1 " + std::to_string(code));
            EXPECT_EQ(answer.header("Location"), hello);
        }
        const RawResponse relative =
            co_await ask(&reader, &writer, get_from(port, "/relative-redirect"));
        EXPECT_EQ(relative.header("Location"), "/hello.txt");
        const RawResponse loop = co_await ask(&reader, &writer, get_from(port, "/redirect-loop"));
        EXPECT_EQ(loop.header("Location"), nginx->http_url("/redirect-loop"));
        const RawResponse empty = co_await ask(&reader, &writer, get_from(port, "/no-content"));
        EXPECT_EQ(empty.status_line, "HTTP/1.1 204 No Content");
        co_return 0;
    });
}

Coro<Streams> connect_tls(std::uint16_t port, asyncio::SSLContext context) {
    asyncio::StreamOptions options;
    options.ssl = context;
    options.server_hostname = "localhost";
    options.ssl_handshake_timeout = 5s;
    co_return co_await asyncio::open_connection("127.0.0.1", port, options);
}

TEST(Nginx, ServesTlsWithTheTestCa) {
    against(NginxServer::start(), [](const NginxServer* nginx) -> Coro<int> {
        asyncio::SSLContext trusting = asyncio::SSLContext::create_default_context();
        trusting.load_verify_locations(nginx->ca_file());
        auto [reader, writer] = co_await connect_tls(nginx->https_port(), trusting);
        const RawResponse hello =
            co_await ask(&reader, &writer, get_from(nginx->https_port(), "/hello.txt"));
        EXPECT_EQ(hello.status_line, "HTTP/1.1 200 OK");
        EXPECT_EQ(hello.body, kNginxHello);
        // Without the test CA, the certificate is refused.
        asyncio::SSLContext system = asyncio::SSLContext::create_default_context();
        bool refused = false;
        try {
            co_await connect_tls(nginx->https_port(), system);
        } catch (const asyncio::SSLCertVerificationError&) {
            refused = true;
        }
        EXPECT_TRUE(refused);
        EXPECT_EQ(nginx->https_url("/x"),
                  "https://127.0.0.1:" + std::to_string(nginx->https_port()) + "/x");
        co_return 0;
    });
}

TEST(HttpTestServer, SpeaksTlsWhenGivenAContext) {
    const TestPki pki;
    run_bounded([](const TestPki* pki) -> Coro<int> {
        HttpTestServer::Options options;
        options.tls.emplace(asyncio::SSLContext::Protocol::tls_server);
        options.tls->load_cert_chain(pki->localhost.cert, pki->localhost.key);
        HttpTestServer server = co_await HttpTestServer::start(options);
        EXPECT_EQ(server.url("/x"), "https://" + server.authority() + "/x");
        asyncio::SSLContext trusting = asyncio::SSLContext::create_default_context();
        trusting.load_verify_locations(pki->ca.cert);
        auto [reader, writer] = co_await connect_tls(server.port(), trusting);
        const RawResponse answer =
            co_await ask(&reader, &writer, get_from(server.port(), "/bytes/100"));
        EXPECT_EQ(answer.body, pattern(100));
        co_await server.close();
        co_return 0;
    }(&pki));
}

TEST(Python, HttpServerAnswersHttp10AndCloses) {
    against(PythonServer::start_files(), [](const PythonServer* python) -> Coro<int> {
        const std::string hello =
            co_await exchange_to_eof(python->port(), get_from(python->port(), "/hello.txt"));
        EXPECT_EQ(hello.substr(0, 17), "HTTP/1.0 200 OK\r\n");
        EXPECT_NE(hello.find("\r\nContent-Length: 18\r\n"), std::string::npos);
        EXPECT_EQ(body_of(hello), kPythonHello);
        const std::string bin =
            co_await exchange_to_eof(python->port(), get_from(python->port(), "/64k.bin"));
        EXPECT_TRUE(body_of(bin) == pattern(64 << 10)) << "the 64 KiB file differs";
        co_return 0;
    });
}

TEST(Python, InlineHandlerSendsACloseDelimitedBody) {
    against(PythonServer::start_close_delimited(), [](const PythonServer* python) -> Coro<int> {
        auto [reader, writer] = co_await connect(python->port());
        const RawResponse answer =
            co_await ask(&reader, &writer, get_from(python->port(), "/close-delimited/5000"));
        EXPECT_EQ(answer.status_line, "HTTP/1.1 200 OK");
        EXPECT_EQ(answer.header("Connection"), "close");
        EXPECT_EQ(answer.header("Content-Length"), std::nullopt);
        EXPECT_EQ(answer.body, text_pattern(5000));
        const std::string missing =
            co_await exchange_to_eof(python->port(), get_from(python->port(), "/elsewhere"));
        EXPECT_EQ(missing.substr(0, 22), "HTTP/1.1 404 Not Found");
        EXPECT_EQ(body_of(missing), "not found\n");
        co_return 0;
    });
}

}  // namespace
}  // namespace asyncio_test::http_test
