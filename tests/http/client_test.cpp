// The HTTP client against our scripted server: bodies in every framing, keep-alive,
// redirects, content decoding, and every way a server can misbehave.
#include "asyncio/http/client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "asyncio/combinators/gather.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/files/file.hpp"
#include "asyncio/http/errors.hpp"
#include "http/support/encodings.hpp"
#include "http/support/http_test_server.hpp"
#include "net/net_support.hpp"
#include "support/test_support.hpp"

namespace asyncio_test::http_test {
namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
namespace http = asyncio::http;

// Runs `body(server, client)` against a fresh server and client, then closes both.
template <class Body>
void with_server(Body body, http::ClientOptions options = {}) {
    run_bounded(
        [](Body body, http::ClientOptions options) -> Coro<int> {
            HttpTestServer server = co_await HttpTestServer::start();
            {
                http::Client client(std::move(options));
                co_await body(server, client);
            }
            co_await server.close();
            co_return 0;
        }(std::move(body), std::move(options)),
        std::chrono::seconds(30));
}

// The exception type a request raised, and its message.
template <class E>
Coro<std::string> raised(Coro<std::string> attempt) {
    try {
        co_await std::move(attempt);
    } catch (const E& error) {
        co_return error.what();
    }
    co_return "no error";
}

Coro<std::string> fetch_text(http::Client* client, std::string url) {
    http::Response response = co_await client->get(std::move(url));
    co_return co_await response.text();
}

TEST(HttpClient, GetsABodyWithContentLength) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::Response response = co_await client.get(server.url("/bytes/100000"));
        EXPECT_EQ(response.status(), 200);
        EXPECT_EQ(response.reason(), "OK");
        EXPECT_EQ(response.version(), "1.1");
        EXPECT_EQ(response.content_length(), 100000u);
        EXPECT_EQ(response.headers().get("content-type"), "application/octet-stream");
        EXPECT_EQ(co_await response.bytes(), pattern(100000));
        EXPECT_TRUE(response.at_eof());
        const Request& sent = server.requests().at(0);
        EXPECT_EQ(sent.method, "GET");
        EXPECT_EQ(sent.target, "/bytes/100000");
        EXPECT_EQ(sent.header("Host"), server.authority());
        EXPECT_EQ(sent.header("Accept-Encoding"), "gzip, deflate, br");
        EXPECT_EQ(sent.header("User-Agent"), "asyncio-cpp/0.1");
    });
}

TEST(HttpClient, AnyReceiveWindowGetsTheWholeBody) {
    for (const std::size_t window :
         {std::size_t{0}, std::size_t{64 * 1024}, std::size_t{4 << 20}}) {
        http::ClientOptions options;
        options.receive_window = window;  // 0: the kernel's own start
        with_server(
            [](HttpTestServer& server, http::Client& client) -> Coro<> {
                EXPECT_EQ(co_await fetch_text(&client, server.url("/bytes/3000000")),
                          pattern(3000000));
            },
            std::move(options));
    }
}

TEST(HttpClient, KeepsTheConnectionForTheNextRequest) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        for (int i = 0; i < 3; ++i)
            EXPECT_EQ(co_await fetch_text(&client, server.url("/bytes/10")), pattern(10));
        EXPECT_EQ(server.connections(), 1);
        EXPECT_EQ(client.connections_idle(), 1u);
        EXPECT_EQ(client.connections_in_use(), 0u);
    });
}

TEST(HttpClient, EveryBodyFraming) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        EXPECT_EQ(co_await fetch_text(&client, server.url("/chunked/100000?chunk=777")),
                  pattern(100000));
        EXPECT_EQ(co_await fetch_text(&client, server.url("/close-delimited/5000")), pattern(5000));
        EXPECT_EQ(co_await fetch_text(&client, server.url("/http10/5000")), pattern(5000));
        EXPECT_EQ(co_await fetch_text(&client, server.url("/bytes/0")), "");
        // The chunked body kept its connection; the two others closed theirs.
        EXPECT_EQ(server.connections(), 3);
    });
}

TEST(HttpClient, ResponsesWithoutBodies) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::Response head = co_await client.head(server.url("/bytes/1000"));
        EXPECT_EQ(head.content_length(), 1000u);
        EXPECT_EQ(co_await head.text(), "");
        for (int status : {204, 304}) {
            http::Response response =
                co_await client.get(server.url("/status/" + std::to_string(status)));
            EXPECT_EQ(response.status(), status);
            EXPECT_EQ(co_await response.text(), "");
        }
        http::Response early = co_await client.get(server.url("/informational"));
        EXPECT_EQ(early.status(), 200);
        EXPECT_FALSE(early.headers().contains("Link"));
        EXPECT_EQ(co_await early.text(), "informational\n");
        EXPECT_EQ(server.connections(), 1);  // every one of them kept the connection
    });
}

TEST(HttpClient, StreamsTheBodyInBoundedPieces) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::Response response = co_await client.get(server.url("/chunked/300000?chunk=100000"));
        std::string all;
        for (;;) {
            std::string piece = co_await response.read(4096);
            if (piece.empty()) break;
            EXPECT_LE(piece.size(), 4096u);
            all += piece;
        }
        EXPECT_EQ(all, pattern(300000));
        EXPECT_EQ(co_await response.read(), "");
        EXPECT_EQ(client.connections_idle(), 1u);
    });
}

// aiohttp's `async for piece in response.content.iter_chunked(n)`: the pieces read(n) gives;
// a loop left early leaves the rest unread, and dropping the response closes its connection.
TEST(HttpClient, IterChunkedGivesThePiecesOfTheBody) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::Response response = co_await client.get(server.url("/chunked/300000?chunk=100000"));
        std::string all;
        auto pieces = response.iter_chunked(4096);
        for (auto it = co_await pieces.begin(); it != pieces.end(); co_await ++it) {
            EXPECT_LE(it->size(), 4096u);
            all += *it;
        }
        EXPECT_EQ(all, pattern(300000));
        EXPECT_TRUE(response.at_eof());
        EXPECT_EQ(client.connections_idle(), 1u);  // read to its end: back in the pool

        {
            http::Response partly = co_await client.get(server.url("/chunked/300000?chunk=100000"));
            auto first = partly.iter_chunked(1000);
            auto it = co_await first.begin();
            EXPECT_LE(it->size(), 1000u);  // what has arrived, up to 1000 bytes
            EXPECT_EQ(*it, pattern(300000).substr(0, it->size()));
            EXPECT_FALSE(partly.at_eof());  // break: the rest stays unread
        }
        EXPECT_EQ(client.connections_in_use(), 0u);  // the half-read one was closed
    });
}

TEST(HttpClient, DecodesGzipDeflateAndBrotli) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        for (std::string encoding : {"gzip", "deflate", "br"}) {
            http::Response response = co_await client.get(server.url("/" + encoding + "/200000"));
            EXPECT_EQ(response.headers().get("content-encoding"), encoding);
            EXPECT_EQ(co_await response.text(), text_pattern(200000)) << encoding;
            EXPECT_LT(response.bytes_received(), 200000u) << encoding;
        }
    });
}

TEST(HttpClient, RefusesAGzipBomb) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::Response response = co_await client.get(server.url("/gzip-bomb"));
        const std::string error = co_await raised<http::LimitError>(response.text());
        EXPECT_NE(error.find("decompression bomb refused"), std::string::npos) << error;
        EXPECT_EQ(client.connections_idle(), 0u);
    });
}

TEST(HttpClient, FollowsRedirects) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::Response response = co_await client.get(server.url("/redirect/3?status=301"));
        EXPECT_EQ(response.status(), 200);
        EXPECT_EQ(response.url().str(), server.url("/redirect/0?status=301"));
        EXPECT_EQ(response.history().size(), 3u);
        if (!response.history().empty()) {
            EXPECT_EQ(response.history()[0].status, 301);
            EXPECT_EQ(response.history()[0].url.str(), server.url("/redirect/3?status=301"));
        }
        EXPECT_EQ(parse_echo(co_await response.text()).method, "GET");

        http::Response relative = co_await client.get(server.url("/relative-redirect"));
        EXPECT_EQ(relative.url().str(), server.url("/echo?from=relative"));
        EXPECT_EQ(server.connections(), 1);  // the redirects' bodies were read: one connection
    });
}

TEST(HttpClient, RedirectsChangeTheMethodAsTheStatusSays) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        for (int status : {301, 302, 303, 307, 308}) {
            http::RequestOptions options;
            options.body = "payload";
            http::Response response = co_await client.post(
                server.url("/redirect-to?url=/echo&status=" + std::to_string(status)),
                std::move(options));
            const Request echoed = parse_echo(co_await response.text());
            const bool kept = status == 307 || status == 308;
            EXPECT_EQ(echoed.method, kept ? "POST" : "GET") << status;
            EXPECT_EQ(echoed.body, kept ? "payload" : "") << status;
        }
    });
}

TEST(HttpClient, TooManyRedirects) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        try {
            co_await client.get(server.url("/redirect-loop"));
            ADD_FAILURE() << "no error";
        } catch (const http::TooManyRedirects& error) {
            EXPECT_EQ(error.history.size(), 11u);
            EXPECT_NE(std::string(error.what()).find("too many redirects (more than 10)"),
                      std::string::npos);
        }
        http::RequestOptions options;
        options.allow_redirects = false;
        http::Response response =
            co_await client.get(server.url("/redirect-loop"), std::move(options));
        EXPECT_EQ(response.status(), 302);
        EXPECT_EQ(response.headers().get("location"), "/redirect-loop");
    });
}

TEST(HttpClient, CredentialsStayWithTheirOrigin) {
    run_bounded([]() -> Coro<int> {
        HttpTestServer first = co_await HttpTestServer::start();
        HttpTestServer second = co_await HttpTestServer::start();
        http::Client client;
        http::RequestOptions options;
        options.headers.add("Authorization", "Bearer secret");
        options.headers.add("Cookie", "session=1");
        options.headers.add("X-Kept", "yes");
        http::Response response = co_await client.get(
            first.url("/redirect-to?url=" + second.url("/echo")), std::move(options));
        const Request echoed = parse_echo(co_await response.text());
        EXPECT_FALSE(echoed.header("Authorization"));
        EXPECT_FALSE(echoed.header("Cookie"));
        EXPECT_EQ(echoed.header("X-Kept"), "yes");
        EXPECT_EQ(first.requests().at(0).header("Authorization"), "Bearer secret");
        co_await first.close();
        co_await second.close();
        co_return 0;
    }());
}

TEST(HttpClient, SendsBodiesOfEveryKind) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::RequestOptions text;
        text.body = "hello";
        text.headers.add("Content-Type", "text/plain");
        text.params = {{"q", "a b&c"}};
        const Request a = parse_echo(
            co_await (co_await client.post(server.url("/echo"), std::move(text))).text());
        EXPECT_EQ(a.target, "/echo?q=a%20b%26c");
        EXPECT_EQ(a.header("Content-Length"), "5");
        EXPECT_EQ(a.body, "hello");

        int left = 3;
        http::RequestOptions streamed;
        streamed.body = http::Body::stream([&left]() -> Coro<std::string> {
            co_return left-- > 0 ? std::string(1000, 'x') : std::string();
        });
        streamed.expect_continue = false;
        const Request b = parse_echo(
            co_await (co_await client.put(server.url("/echo"), std::move(streamed))).text());
        EXPECT_EQ(b.header("Transfer-Encoding"), "chunked");
        EXPECT_EQ(b.body, std::string(3000, 'x'));

        http::RequestOptions empty_post;
        const Request c = parse_echo(
            co_await (co_await client.post(server.url("/echo"), std::move(empty_post))).text());
        EXPECT_EQ(c.header("Content-Length"), "0");
    });
}

TEST(HttpClient, LargeBodiesWaitForTheGoAhead) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::RequestOptions options;
        options.body = pattern(2 * 1024 * 1024);
        const Request echoed = parse_echo(
            co_await (co_await client.post(server.url("/echo"), std::move(options))).text());
        EXPECT_EQ(echoed.header("Expect"), "100-continue");
        EXPECT_EQ(echoed.body, pattern(2 * 1024 * 1024));
    });
}

TEST(HttpClient, MalformedResponsesSayWhy) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        const std::string truncated = co_await raised<http::IncompleteBodyError>(
            fetch_text(&client, server.url("/truncated")));
        EXPECT_NE(truncated.find("10 of 1000 bytes"), std::string::npos) << truncated;
        const std::string bad_chunk =
            co_await raised<http::ProtocolError>(fetch_text(&client, server.url("/bad-chunk")));
        EXPECT_NE(bad_chunk.find("HPE_INVALID_CHUNK_SIZE"), std::string::npos) << bad_chunk;
        const std::string huge =
            co_await raised<http::LimitError>(fetch_text(&client, server.url("/huge-header")));
        EXPECT_NE(huge.find("larger than 65536 bytes"), std::string::npos) << huge;
        const std::string endless =
            co_await raised<http::LimitError>(fetch_text(&client, server.url("/endless-headers")));
        EXPECT_NE(endless.find("more than 128 header fields"), std::string::npos) << endless;
        const std::string reset = co_await raised<http::ServerDisconnectedError>(
            fetch_text(&client, server.url("/reset-mid-body")));
        EXPECT_NE(reset.find("connection lost"), std::string::npos) << reset;
        const std::string silent = co_await raised<http::ServerDisconnectedError>(
            fetch_text(&client, server.url("/no-response")));
        EXPECT_NE(silent.find("without a response"), std::string::npos) << silent;
        EXPECT_EQ(client.connections_in_use(), 0u);
        EXPECT_EQ(client.connections_idle(), 0u);
        // The client is still good.
        EXPECT_EQ(co_await fetch_text(&client, server.url("/bytes/10")), pattern(10));
    });
}

TEST(HttpClient, RetriesOnceWhenAPooledConnectionWasClosed) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        EXPECT_EQ(co_await fetch_text(&client, server.url("/close-after-response")),
                  "connection 1\n");
        EXPECT_EQ(client.connections_idle(), 1u);  // the server closes it behind our back
        EXPECT_EQ(co_await fetch_text(&client, server.url("/close-after-response")),
                  "connection 2\n");
        // Not for a POST: it might have been acted on.
        http::RequestOptions options;
        options.body = "once";
        const std::string error = co_await raised<http::ServerDisconnectedError>(
            [](http::Client* client, std::string url,
               http::RequestOptions options) -> Coro<std::string> {
                http::Response response = co_await client->post(std::move(url), std::move(options));
                co_return co_await response.text();
            }(&client, server.url("/echo"), std::move(options)));
        EXPECT_NE(error, "no error");
    });
}

TEST(HttpClient, TimeoutsNameTheirPhase) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::RequestOptions head_options;
        head_options.timeout.headers = 100ms;
        try {
            co_await client.get(server.url("/slow-headers?delay=50"), std::move(head_options));
            ADD_FAILURE() << "no timeout";
        } catch (const http::TimeoutError& error) {
            EXPECT_EQ(error.phase(), http::TimeoutError::Phase::headers);
            EXPECT_NE(std::string(error.what())
                          .find("waiting for the response head took longer than 0.1 s"),
                      std::string::npos)
                << error.what();
        }
        http::RequestOptions body_options;
        body_options.timeout.body = 100ms;
        http::Response slow =
            co_await client.get(server.url("/slow-body?delay=300&n=3"), std::move(body_options));
        try {
            co_await slow.text();
            ADD_FAILURE() << "no timeout";
        } catch (const http::TimeoutError& error) {
            EXPECT_EQ(error.phase(), http::TimeoutError::Phase::body);
        }
        http::RequestOptions total_options;
        total_options.timeout.total = 150ms;
        try {
            co_await fetch_text(&client, server.url("/slow-body?delay=100&n=5"));
            http::Response r = co_await client.get(server.url("/slow-body?delay=100&n=5"),
                                                   std::move(total_options));
            co_await r.text();
            ADD_FAILURE() << "no timeout";
        } catch (const http::TimeoutError& error) {
            EXPECT_EQ(error.phase(), http::TimeoutError::Phase::total);
        }
        EXPECT_EQ(client.connections_in_use(), 0u);
    });
}

TEST(HttpClient, ACancelledReadClosesItsConnection) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::Response response = co_await client.get(server.url("/slow-body?delay=200&n=5"));
        auto reading = asyncio::create_task(response.text());
        co_await asyncio::sleep(50ms);
        reading.cancel();
        try {
            co_await reading;
        } catch (const asyncio::CancelledError&) {
        }
        EXPECT_EQ(client.connections_in_use(), 0u);
        EXPECT_EQ(client.connections_idle(), 0u);
        EXPECT_THROW(co_await response.text(), asyncio::InvalidStateError);
        EXPECT_EQ(co_await fetch_text(&client, server.url("/bytes/10")), pattern(10));
        EXPECT_EQ(server.connections(), 2);
    });
}

TEST(HttpClient, LimitsConnectionsPerHost) {
    http::ClientOptions options;
    options.limit_per_host = 2;
    with_server(
        [](HttpTestServer& server, http::Client& client) -> Coro<> {
            std::vector<asyncio::Task<std::string>> tasks;
            for (int i = 0; i < 6; ++i)
                tasks.push_back(asyncio::create_task(
                    fetch_text(&client, server.url("/slow-body?delay=10&n=3"))));
            co_await asyncio::sleep(5ms);
            EXPECT_EQ(client.connections_in_use(), 2u);
            for (auto& task : tasks) EXPECT_EQ(co_await task, pattern(3));
            EXPECT_EQ(server.connections(), 2);
        },
        std::move(options));
}

TEST(HttpClient, AFullPoolIsWaitedForWithinTheConnectTimeout) {
    http::ClientOptions options;
    options.limit = 1;
    with_server(
        [](HttpTestServer& server, http::Client& client) -> Coro<> {
            auto holding =
                asyncio::create_task(fetch_text(&client, server.url("/slow-body?delay=100&n=3")));
            co_await asyncio::sleep(10ms);
            http::RequestOptions waiting;
            waiting.timeout.connect = 50ms;
            try {
                co_await client.get(server.url("/bytes/1"), std::move(waiting));
                ADD_FAILURE() << "no timeout";
            } catch (const http::TimeoutError& error) {
                EXPECT_EQ(error.phase(), http::TimeoutError::Phase::connect);
                EXPECT_NE(std::string(error.what()).find("waiting for a free connection"),
                          std::string::npos)
                    << error.what();
            }
            EXPECT_EQ(co_await holding, pattern(3));
        },
        std::move(options));
}

TEST(HttpClient, RefusesAMethodThatIsNotAToken) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        EXPECT_THROW(co_await client.request("GET / HTTP/1.1\r\nX:", server.url("/echo")),
                     asyncio::ValueError);
        EXPECT_EQ(server.requests().size(), 0u);
    });
}

TEST(HttpClient, IdleConnectionsExpire) {
    http::ClientOptions options;
    options.keepalive_timeout = 50ms;
    with_server(
        [](HttpTestServer& server, http::Client& client) -> Coro<> {
            EXPECT_EQ(co_await fetch_text(&client, server.url("/bytes/10")), pattern(10));
            EXPECT_EQ(client.connections_idle(), 1u);
            co_await asyncio::sleep(150ms);
            EXPECT_EQ(client.connections_idle(), 0u);  // closed by the pool's sweep
            EXPECT_EQ(co_await fetch_text(&client, server.url("/bytes/10")), pattern(10));
            EXPECT_EQ(server.connections(), 2);
        },
        std::move(options));
}

TEST(HttpClient, UploadsAFile) {
    const std::string path = ::testing::TempDir() + "/asyncio-http-upload.bin";
    {
        std::ofstream file(path, std::ios::binary);
        file << pattern(200000);
    }
    with_server([path](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::RequestOptions options;
        options.body = http::Body::file(path);
        options.expect_continue = false;
        const Request echoed = parse_echo(
            co_await (co_await client.put(server.url("/echo"), std::move(options))).text());
        EXPECT_EQ(echoed.header("Content-Length"), "200000");
        EXPECT_EQ(echoed.body, pattern(200000));
        http::RequestOptions missing;
        missing.body = http::Body::file(path + ".missing");
        EXPECT_THROW(co_await client.put(server.url("/echo"), std::move(missing)),
                     asyncio::FileError);
    });
    std::remove(path.c_str());
}

TEST(HttpClient, ACancelledRequestLeavesNothingBehind) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        auto waiting =
            asyncio::create_task(fetch_text(&client, server.url("/slow-headers?delay=30")));
        co_await asyncio::sleep(50ms);  // in the middle of the response head
        waiting.cancel();
        try {
            co_await waiting;
        } catch (const asyncio::CancelledError&) {
        }
        EXPECT_EQ(client.connections_in_use(), 0u);
        EXPECT_EQ(client.connections_idle(), 0u);
        EXPECT_EQ(co_await fetch_text(&client, server.url("/bytes/10")), pattern(10));
        EXPECT_EQ(server.connections(), 2);
    });
}

TEST(HttpClient, ConnectAndTlsTimeoutsNameTheirPhase) {
    run_bounded([]() -> Coro<int> {
        http::Client client;
        // A listener that never completes a TLS handshake (the kernel accepts; nobody speaks).
        asyncio::Socket silent = listen_on("127.0.0.1", 0, 8);
        http::RequestOptions tls_options;
        tls_options.timeout.tls = 100ms;
        try {
            co_await client.get("https://127.0.0.1:" + std::to_string(port_of(silent)) + "/",
                                std::move(tls_options));
            ADD_FAILURE() << "no timeout";
        } catch (const http::TimeoutError& error) {
            EXPECT_EQ(error.phase(), http::TimeoutError::Phase::tls) << error.what();
            EXPECT_NE(std::string(error.what()).find("TLS handshake with 127.0.0.1:"),
                      std::string::npos)
                << error.what();
        }
        std::optional<Blackhole> hole = co_await make_blackhole("127.0.0.1", 0);
        if (hole) {  // where the kernel drops SYNs to a full queue (Linux does)
            http::RequestOptions connect_options;
            connect_options.timeout.connect = 100ms;
            try {
                co_await client.get("http://127.0.0.1:" + std::to_string(hole->port) + "/",
                                    std::move(connect_options));
                ADD_FAILURE() << "no timeout";
            } catch (const http::TimeoutError& error) {
                EXPECT_EQ(error.phase(), http::TimeoutError::Phase::connect) << error.what();
            }
        }
        co_return 0;
    }());
}

TEST(HttpClient, AHostThatDoesNotResolve) {
    run_bounded([]() -> Coro<int> {
        http::Client client;
        const std::string error = co_await raised<http::NameResolutionError>(
            fetch_text(&client, "http://nonexistent.invalid/"));
        EXPECT_NE(error.find("cannot resolve 'nonexistent.invalid'"), std::string::npos) << error;
        co_return 0;
    }());
}

TEST(HttpClient, StatusErrorsOnRequest) {
    with_server([](HttpTestServer& server, http::Client& client) -> Coro<> {
        http::Response response = co_await client.get(server.url("/status/404"));
        EXPECT_FALSE(response.ok());
        try {
            response.raise_for_status();
            ADD_FAILURE() << "no error";
        } catch (const http::HTTPStatusError& error) {
            EXPECT_EQ(error.status, 404);
            EXPECT_EQ(std::string(error.what()), "404 Not Found for " + server.url("/status/404"));
        }
    });
}

TEST(HttpClient, ConnectionRefusedAndInvalidURL) {
    run_bounded([]() -> Coro<int> {
        asyncio::Socket reserved = listen_on("127.0.0.1", 0, false);
        const std::uint16_t port = port_of(reserved);
        reserved.close();
        http::Client client;
        const std::string refused = co_await raised<http::ConnectionRefusedError>(
            fetch_text(&client, "http://127.0.0.1:" + std::to_string(port) + "/"));
        EXPECT_NE(refused.find("connection to 127.0.0.1:" + std::to_string(port) + " refused"),
                  std::string::npos)
            << refused;
        const std::string invalid =
            co_await raised<http::InvalidURL>(fetch_text(&client, "ftp://example.com/"));
        EXPECT_NE(invalid.find("unsupported scheme"), std::string::npos) << invalid;
        co_return 0;
    }());
}

TEST(HttpClient, GoesThroughAProxy) {
    with_server([](HttpTestServer& server, http::Client&) -> Coro<> {
        http::ClientOptions options;
        options.proxy = server.url("/");
        http::Client proxied(std::move(options));
        server.route("http://origin.test/",
                     [](Request request, asyncio::StreamReader*,
                        asyncio::StreamWriter* writer) -> Coro<After> {
                         writer->write(response(200, {}, "proxied " + request.target));
                         co_return After::keep_alive;
                     });
        EXPECT_EQ(co_await fetch_text(&proxied, "http://origin.test/page?x=1"),
                  "proxied http://origin.test/page?x=1");
        EXPECT_EQ(server.requests().at(0).header("Host"), "origin.test");
    });
}

}  // namespace
}  // namespace asyncio_test::http_test
