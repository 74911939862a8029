// The HTTP client against real servers, as a user uses it: nginx (keep-alive, gzip as chunked,
// large files, HEAD and 204, every kind of redirect, status errors, many requests at once, TLS
// with the test CA) and Python's http.server (HTTP/1.0, and a close-delimited HTTP/1.1 body).
// nginx's access log (NginxServer::access_log()) tells which connection carried each request
// and which ALPN protocol was chosen. Each test starts its own server: ctest runs every test
// in a process of its own, so a server shared by the suite would still start once per test.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "asyncio/combinators/task_group.hpp"
#include "asyncio/files/file.hpp"
#include "asyncio/http/client.hpp"
#include "asyncio/http/errors.hpp"
#include "asyncio/loop/sleep.hpp"
#include "http/support/encodings.hpp"
#include "http/support/nginx_fixture.hpp"
#include "http/support/python_fixture.hpp"
#include "net/net_support.hpp"
#include "support/test_support.hpp"

namespace asyncio_test::http_test {
namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
namespace http = asyncio::http;

// -- nginx's access log --

struct LogLine {
    std::string connection;  // nginx's serial number of the connection
    int number = 0;          // the request's number on its connection, from 1
    std::string alpn;        // "-" without TLS
    int status = 0;
    std::string request;  // "GET /hello.txt HTTP/1.1"
};

std::vector<LogLine> log_lines(const NginxServer& nginx) {
    std::vector<LogLine> lines;
    std::istringstream in(read_text_file(nginx.access_log()));
    for (std::string text; std::getline(in, text);) {
        std::istringstream fields(text);
        LogLine line;
        fields >> line.connection >> line.number >> line.alpn >> line.status;
        std::getline(fields >> std::ws, line.request);
        if (line.request.size() >= 2)
            line.request = line.request.substr(1, line.request.size() - 2);
        lines.push_back(std::move(line));
    }
    return lines;
}

// The `count` lines logged after the first `from`. nginx logs a request once it has finished
// it, which may come just after the client read the last byte: waits (at most 5 s) for them.
Coro<std::vector<LogLine>> logged(const NginxServer* nginx, std::size_t from, std::size_t count) {
    std::vector<LogLine> lines = log_lines(*nginx);
    for (int i = 0; i < 500 && lines.size() < from + count; ++i) {
        co_await asyncio::sleep(10ms);
        lines = log_lines(*nginx);
    }
    EXPECT_EQ(lines.size(), from + count) << read_text_file(nginx->access_log());
    lines.erase(lines.begin(),
                lines.begin() + static_cast<std::ptrdiff_t>(std::min(from, lines.size())));
    co_return lines;
}

std::set<std::string> connections_of(const std::vector<LogLine>& lines) {
    std::set<std::string> connections;
    for (const LogLine& line : lines) connections.insert(line.connection);
    return connections;
}

// -- fetching --

// Runs `test(&server, &client)` in a fresh loop, with a client made of `options`.
template <class Server, class Test>
void against(const Server& server, Test test, http::ClientOptions options = {}) {
    run_bounded(
        [](const Server* server, Test test, http::ClientOptions options) -> Coro<int> {
            http::Client client(std::move(options));
            co_await test(server, &client);
            co_return 0;
        }(&server, std::move(test), std::move(options)),
        std::chrono::seconds(60));
}

Coro<std::string> fetch_text(http::Client* client, std::string url) {
    http::Response response = co_await client->get(std::move(url));
    EXPECT_EQ(response.status(), 200) << response.url().str();
    co_return co_await response.text();
}

// The whole body through read(max), each piece checked against `max`.
Coro<std::string> read_in_pieces(http::Response* response, std::size_t max) {
    std::string all;
    for (;;) {
        std::string piece = co_await response->read(max);
        if (piece.empty()) break;
        EXPECT_LE(piece.size(), max);
        all += piece;
    }
    co_return all;
}

// The exception of type E that `attempt` raised (or a failure).
template <class E>
Coro<std::optional<E>> raised(Coro<std::string> attempt) {
    try {
        co_await std::move(attempt);
        ADD_FAILURE() << "no error";
    } catch (const E& error) {
        co_return error;
    }
    co_return std::nullopt;
}

// -- nginx --

TEST(ClientAgainstNginx, KeepsOneConnectionForEveryKindOfResponse) {
    against(NginxServer::start(), [](const NginxServer* nginx, http::Client* client) -> Coro<> {
        const std::size_t mark = log_lines(*nginx).size();
        for (int i = 0; i < 3; ++i)
            EXPECT_EQ(co_await fetch_text(client, nginx->http_url("/hello.txt")), kNginxHello);

        // gzip'd by nginx, so chunked: decoded on the way.
        http::Response text = co_await client->get(nginx->http_url("/text.txt"));
        EXPECT_EQ(text.headers().get("content-encoding"), "gzip");
        EXPECT_EQ(text.headers().get("transfer-encoding"), "chunked");
        EXPECT_EQ(text.content_length(), std::nullopt);
        EXPECT_EQ(co_await text.text(), text_pattern(64 << 10));
        EXPECT_LT(text.bytes_received(), 64u << 10);

        http::Response head = co_await client->head(nginx->http_url("/1m.bin"));
        EXPECT_EQ(head.status(), 200);
        EXPECT_EQ(head.content_length(), 1u << 20);
        EXPECT_EQ(co_await head.text(), "");

        http::Response empty = co_await client->get(nginx->http_url("/no-content"));
        EXPECT_EQ(empty.status(), 204);
        EXPECT_EQ(co_await empty.text(), "");

        http::Response missing = co_await client->get(nginx->http_url("/missing.txt"));
        EXPECT_EQ(missing.status(), 404);
        EXPECT_FALSE(missing.ok());
        try {
            missing.raise_for_status();
            ADD_FAILURE() << "no error";
        } catch (const http::HTTPStatusError& error) {
            EXPECT_EQ(error.status, 404);
            EXPECT_EQ(std::string(error.what()),
                      "404 Not Found for " + nginx->http_url("/missing.txt"));
        }
        EXPECT_NE((co_await missing.text()).find("404 Not Found"), std::string::npos);

        EXPECT_EQ(client->connections_idle(), 1u);
        EXPECT_EQ(client->connections_in_use(), 0u);
        const std::vector<LogLine> lines = co_await logged(nginx, mark, 7);
        EXPECT_EQ(connections_of(lines).size(), 1u);
        for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i].number, int(i) + 1);
        if (lines.size() == 7) {
            EXPECT_EQ(lines[4].request, "HEAD /1m.bin HTTP/1.1");
            EXPECT_EQ(lines[6].status, 404);
        }
    });
}

TEST(ClientAgainstNginx, LargeFilesArriveByteExact) {
    against(NginxServer::start(), [](const NginxServer* nginx, http::Client* client) -> Coro<> {
        http::Response one = co_await client->get(nginx->http_url("/1m.bin"));
        EXPECT_EQ(one.content_length(), 1u << 20);
        EXPECT_TRUE(co_await one.bytes() == pattern(1 << 20)) << "the 1 MiB file differs";

        http::Response big = co_await client->get(nginx->http_url("/16m.bin"));
        EXPECT_TRUE(co_await big.bytes() == NginxServer::file_16m()) << "the 16 MiB file differs";

        http::Response pieces = co_await client->get(nginx->http_url("/1m.bin"));
        EXPECT_TRUE(co_await read_in_pieces(&pieces, 1000) == pattern(1 << 20))
            << "the 1 MiB file read in pieces differs";

        // A download to a file, in bounded pieces: the body never sits in memory whole.
        TempDir dir;
        const std::string path = dir.file("16m.bin");
        asyncio::File file = co_await asyncio::File::open(path, "w");
        http::Response streamed = co_await client->get(nginx->http_url("/16m.bin"));
        std::uint64_t written = 0;
        for (;;) {
            std::string piece = co_await streamed.read(256 * 1024);
            if (piece.empty()) break;
            EXPECT_LE(piece.size(), 256u * 1024);
            written += co_await file.write(std::move(piece));
        }
        co_await file.close();
        EXPECT_EQ(written, NginxServer::file_16m().size());
        EXPECT_TRUE(read_text_file(path) == NginxServer::file_16m())
            << "the 16 MiB file written piece by piece differs";
        EXPECT_EQ(client->connections_idle(), 1u);  // every body was read to its end
    });
}

TEST(ClientAgainstNginx, FollowsEveryKindOfRedirect) {
    against(NginxServer::start(), [](const NginxServer* nginx, http::Client* client) -> Coro<> {
        const std::size_t mark = log_lines(*nginx).size();
        const std::string hello = nginx->http_url("/hello.txt");
        for (const int code : {301, 302, 307, 308}) {
            const std::string from = nginx->http_url("/redirect-" + std::to_string(code));
            http::Response response = co_await client->get(from);
            EXPECT_EQ(response.status(), 200) << code;
            EXPECT_EQ(response.url().str(), hello) << code;
            EXPECT_EQ(response.history().size(), 1u) << code;
            if (!response.history().empty()) {
                EXPECT_EQ(response.history()[0].status, code);
                EXPECT_EQ(response.history()[0].url.str(), from);
            }
            EXPECT_EQ(co_await response.text(), kNginxHello) << code;
        }
        // A POST becomes a GET after 301 and 302, stays a POST after 307 and 308 (which
        // nginx refuses for a static file: 405).
        for (const int code : {301, 302, 307, 308}) {
            http::RequestOptions options;
            options.body = "payload";
            http::Response response = co_await client->post(
                nginx->http_url("/redirect-" + std::to_string(code)), std::move(options));
            const bool kept = code == 307 || code == 308;
            EXPECT_EQ(response.status(), kept ? 405 : 200) << code;
            co_await response.text();
        }
        const std::vector<LogLine> lines = co_await logged(nginx, mark, 16);
        if (lines.size() == 16) {
            EXPECT_EQ(lines[8].request, "POST /redirect-301 HTTP/1.1");
            EXPECT_EQ(lines[9].request, "GET /hello.txt HTTP/1.1");
            EXPECT_EQ(lines[11].request, "GET /hello.txt HTTP/1.1");
            EXPECT_EQ(lines[13].request, "POST /hello.txt HTTP/1.1");
            EXPECT_EQ(lines[15].request, "POST /hello.txt HTTP/1.1");
        }
        EXPECT_EQ(connections_of(lines).size(), 1u);  // every redirect's body was read

        http::Response relative = co_await client->get(nginx->http_url("/relative-redirect"));
        EXPECT_EQ(relative.url().str(), hello);
        EXPECT_EQ(co_await relative.text(), kNginxHello);
        EXPECT_EQ(client->connections_idle(), 1u);

        const std::optional<http::TooManyRedirects> loop = co_await raised<http::TooManyRedirects>(
            fetch_text(client, nginx->http_url("/redirect-loop")));
        if (loop) {
            EXPECT_EQ(loop->history.size(), 11u);
            EXPECT_NE(std::string(loop->what()).find("too many redirects (more than 10)"),
                      std::string::npos)
                << loop->what();
        }
        EXPECT_EQ(client->connections_in_use(), 0u);

        // A large body waits for the server's go-ahead (Expect: 100-continue): nginx refuses
        // it at once (more than its client_max_body_size of 1 MiB), and the client takes that
        // answer without sending the body.
        http::RequestOptions large;
        large.body = pattern(2 << 20);
        http::Response refused =
            co_await client->post(nginx->http_url("/redirect-307"), std::move(large));
        EXPECT_EQ(refused.status(), 413);
        EXPECT_TRUE(refused.history().empty());
        co_await refused.text();
        EXPECT_EQ(co_await fetch_text(client, hello), kNginxHello);  // the client carries on
    });
}

// One of many requests at once: its body checked, and the connections in use counted.
Coro<> fetch_checked(http::Client* client, std::string url, std::string expected,
                     std::size_t* most_in_use) {
    http::Response response = co_await client->get(std::move(url));
    *most_in_use = std::max(*most_in_use, client->connections_in_use());
    const std::string body = co_await response.bytes();
    EXPECT_TRUE(body == expected) << response.url().str() << " differs";
}

TEST(ClientAgainstNginx, ManyRequestsAtOnceShareALimitedPool) {
    http::ClientOptions options;
    options.limit = 8;
    against(
        NginxServer::start(),
        [](const NginxServer* nginx, http::Client* client) -> Coro<> {
            const std::size_t mark = log_lines(*nginx).size();
            std::size_t most_in_use = 0;
            auto start = [&](asyncio::TaskGroup group) {
                for (int i = 0; i < 200; ++i) {
                    std::string path = i % 25 == 0  ? "/1m.bin"
                                       : i % 3 == 0 ? "/text.txt"
                                                    : "/hello.txt";
                    std::string expected = i % 25 == 0  ? pattern(1 << 20)
                                           : i % 3 == 0 ? text_pattern(64 << 10)
                                                        : std::string(kNginxHello);
                    group.create_task(fetch_checked(client, nginx->http_url(path),
                                                    std::move(expected), &most_in_use));
                }
            };
            co_await asyncio::task_group(start);
            EXPECT_LE(most_in_use, 8u);
            EXPECT_GE(most_in_use, 2u);  // they did run at once
            EXPECT_EQ(client->connections_in_use(), 0u);
            EXPECT_LE(client->connections_idle(), 8u);
            const std::vector<LogLine> lines = co_await logged(nginx, mark, 200);
            EXPECT_LE(connections_of(lines).size(), 8u);
            for (const LogLine& line : lines) EXPECT_EQ(line.status, 200) << line.request;
        },
        std::move(options));
}

TEST(ClientAgainstNginx, TlsWithTheTestCa) {
    const NginxServer nginx = NginxServer::start();
    const std::string port = std::to_string(nginx.https_port());
    const std::string by_name = "https://localhost:" + port + "/hello.txt";
    const std::string by_address = "https://127.0.0.1:" + port + "/hello.txt";

    // Trusting the test CA: the name and the address are both in the certificate.
    http::ClientOptions trusting;
    trusting.ca_file = nginx.ca_file();
    against(
        nginx,
        [&](const NginxServer* server, http::Client* client) -> Coro<> {
            const std::size_t mark = log_lines(*server).size();
            EXPECT_EQ(co_await fetch_text(client, by_name), kNginxHello);
            EXPECT_EQ(co_await fetch_text(client, by_address), kNginxHello);
            // ALPN: the client offered http/1.1, and nginx chose it.
            const std::vector<LogLine> lines = co_await logged(server, mark, 2);
            for (const LogLine& line : lines) EXPECT_EQ(line.alpn, "http/1.1") << line.request;
            // The same server under a name its certificate does not carry: 127.0.0.1 as an
            // IPv4-mapped IPv6 address (where IPv6 is there).
            if (!ipv6_loopback()) co_return;
            const std::optional<http::TLSVerificationError> mismatch =
                co_await raised<http::TLSVerificationError>(
                    fetch_text(client, "https://[::ffff:127.0.0.1]:" + port + "/hello.txt"));
            if (!mismatch) co_return;
            EXPECT_EQ(mismatch->reason, "IP address mismatch");
            EXPECT_EQ(mismatch->host, "::ffff:127.0.0.1");
            EXPECT_NE(std::string(mismatch->what())
                          .find("the certificate of [::ffff:127.0.0.1]:" + port + " was refused"),
                      std::string::npos)
                << mismatch->what();
        },
        trusting);

    // The system's CA store does not know the test CA.
    against(nginx, [&](const NginxServer*, http::Client* client) -> Coro<> {
        const std::optional<http::TLSVerificationError> refused =
            co_await raised<http::TLSVerificationError>(fetch_text(client, by_address));
        if (!refused) co_return;
        EXPECT_EQ(refused->reason, "unable to get local issuer certificate");
        EXPECT_EQ(refused->host, "127.0.0.1");
        EXPECT_NE(std::string(refused->what()).find("127.0.0.1:" + port), std::string::npos)
            << refused->what();
        EXPECT_NE(std::string(refused->what()).find(refused->reason), std::string::npos)
            << refused->what();
    });

    // Told not to verify, it talks to anyone.
    http::ClientOptions unverified;
    unverified.verify_ssl = false;
    against(
        nginx,
        [&](const NginxServer*, http::Client* client) -> Coro<> {
            EXPECT_EQ(co_await fetch_text(client, by_address), kNginxHello);
        },
        unverified);
}

// -- Python's http.server --

TEST(ClientAgainstPython, Http10ResponsesAndNoReuse) {
    against(PythonServer::start_files(),
            [](const PythonServer* python, http::Client* client) -> Coro<> {
                for (int i = 0; i < 2; ++i) {
                    http::Response hello = co_await client->get(python->url("/hello.txt"));
                    EXPECT_EQ(hello.version(), "1.0");
                    EXPECT_EQ(hello.status(), 200);
                    EXPECT_EQ(hello.content_length(), kPythonHello.size());
                    EXPECT_EQ(co_await hello.text(), kPythonHello);
                    // HTTP/1.0 without keep-alive: the connection is not kept.
                    EXPECT_EQ(client->connections_idle(), 0u);
                    EXPECT_EQ(client->connections_in_use(), 0u);
                }
                http::Response bin = co_await client->get(python->url("/64k.bin"));
                EXPECT_TRUE(co_await read_in_pieces(&bin, 4096) == pattern(64 << 10))
                    << "64k.bin differs";
                http::Response missing = co_await client->get(python->url("/missing"));
                EXPECT_EQ(missing.status(), 404);
                EXPECT_THROW(missing.raise_for_status(), http::HTTPStatusError);
                EXPECT_EQ(client->connections_idle(), 0u);
            });
}

TEST(ClientAgainstPython, ReadsACloseDelimitedBodyToItsEnd) {
    against(PythonServer::start_close_delimited(),
            [](const PythonServer* python, http::Client* client) -> Coro<> {
                http::Response response =
                    co_await client->get(python->url("/close-delimited/1000000"));
                EXPECT_EQ(response.version(), "1.1");
                EXPECT_EQ(response.content_length(), std::nullopt);
                EXPECT_TRUE(co_await response.text() == text_pattern(1000000))
                    << "the close-delimited body differs";
                EXPECT_TRUE(response.at_eof());
                EXPECT_EQ(client->connections_idle(), 0u);

                http::Response pieces = co_await client->get(python->url("/close-delimited/5000"));
                EXPECT_EQ(co_await read_in_pieces(&pieces, 300), text_pattern(5000));

                http::Response head = co_await client->head(python->url("/close-delimited/5000"));
                EXPECT_EQ(head.status(), 200);
                EXPECT_EQ(co_await head.text(), "");
                EXPECT_EQ(client->connections_idle(), 0u);
            });
}

}  // namespace
}  // namespace asyncio_test::http_test
