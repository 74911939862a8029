// TLS failures: a peer that sends garbage or hangs up mid-handshake is an SSLError, not a
// hang; a silent one a TimeoutError (our client leaves no file descriptor behind, our server
// drops the client and logs why); our server survives a client that sends garbage; misused
// contexts and start_tls are reported.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "net/tls_support.hpp"

namespace {

using namespace asyncio_test::tls;  // with the names the TLS tests use

Coro<> send_garbage(StreamReader reader, StreamWriter writer) {
    writer.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    co_await writer.drain();
    co_await reader.read();  // until the client gives up
}

Coro<> hang_up_after_hello(StreamReader reader, StreamWriter writer) {
    co_await reader.read(64 * 1024);  // the ClientHello, then a close without a word
    writer.close();
    co_await writer.wait_closed();
}

TEST_F(Tls, APeerThatSendsGarbageIsAnSslErrorNotAHang) {
    run_bounded([](SSLContext context) -> Coro<> {
        const asyncio::ClientConnected garbage_handler = send_garbage;
        Server garbage = co_await serve(garbage_handler);
        const auto start = std::chrono::steady_clock::now();
        const Outcome outcome = co_await try_connect(server_port(garbage), context, "localhost");
        EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
        EXPECT_EQ(outcome.kind, "SSLError") << outcome.what;
        EXPECT_NE(outcome.what.find("TLS handshake with 'localhost' failed: "), std::string::npos)
            << outcome.what;
        EXPECT_EQ(outcome.what.find("unknown error"), std::string::npos) << outcome.what;

        const asyncio::ClientConnected silent_handler = hang_up_after_hello;
        Server silent = co_await serve(silent_handler);
        const Outcome closed = co_await try_connect(server_port(silent), context, "localhost");
        EXPECT_EQ(closed.kind, "SSLError") << closed.what;
        EXPECT_NE(closed.what.find("the peer closed the connection"), std::string::npos)
            << closed.what;
        co_await shut_down(garbage);
        co_await shut_down(silent);
    }(client_context()));
}

TEST_F(Tls, OurServerSurvivesAClientThatSendsGarbage) {
    run_bounded([](SSLContext server_side, SSLContext client_side) -> Coro<> {
        const asyncio::ClientConnected handler = pong;
        Server server = co_await serve_tls(handler, std::move(server_side));
        {
            auto [reader, writer] =
                co_await asyncio::open_connection("127.0.0.1", server_port(server));
            writer.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            // The handshake fails: the server drops the connection.
            const auto read_body = [](StreamReader* reader) -> Coro<std::string> {
                co_return co_await reader->read();
            };
            std::string got = "not read";
            try {
                got = co_await asyncio::wait_for(read_body(&reader), 5s);
            } catch (const asyncio::ConnectionError&) {
                got = "";
            }
            EXPECT_EQ(got.find("pong"), std::string::npos);
        }
        auto [reader, writer] =
            co_await connect_tls(server_port(server), std::move(client_side), "localhost");
        writer.write("still there?\n");
        EXPECT_EQ(co_await reader.readline(), "pong: still there?\n");
        co_await shut_down(server);
    }(server_context(), client_context()));
}

// The peer accepts the TCP connection (the kernel does, from the backlog) and never speaks.
TEST_F(Tls, HandshakeTimeoutRaisesTimeoutErrorAndLeavesNoFdBehind) {
    run_bounded([](SSLContext context) -> Coro<> {
        asyncio::Socket listener = asyncio::Socket::create(AF_INET, SOCK_STREAM);
        listener.bind(asyncio::SocketAddress::ip("127.0.0.1", 0));
        listener.listen(16);
        const std::uint16_t port = listener.sockname().port();
        {  // warm up whatever connecting sets up once
            asyncio::Socket first = co_await asyncio::create_connection("127.0.0.1", port);
        }
        const int fds_before = asyncio_test::open_fds();
        StreamOptions options;
        options.ssl = context;
        options.server_hostname = "localhost";
        options.ssl_handshake_timeout = 200ms;
        const auto start = std::chrono::steady_clock::now();
        std::string what;
        try {
            auto streams = co_await asyncio::open_connection("127.0.0.1", port, options);
            ADD_FAILURE() << "the handshake with a silent peer succeeded";
        } catch (const asyncio::TimeoutError& e) {
            what = e.what();
        }
        const auto elapsed = std::chrono::steady_clock::now() - start;
        EXPECT_EQ(what, "client-side TLS handshake with 127.0.0.1:" + std::to_string(port) +
                            " (server_hostname 'localhost') timed out after 0.2 s");
        EXPECT_GE(elapsed, 150ms);
        EXPECT_LT(elapsed, 3s);
        co_await asyncio::sleep(0ms);
        EXPECT_EQ(asyncio_test::open_fds(), fds_before);
    }(client_context()));
}

TEST_F(Tls, OurServerDropsAClientThatNeverCompletesTheHandshake) {
    std::string client;  // the client's address, as the server sees it
    testing::internal::CaptureStderr();
    run_bounded([](SSLContext context, std::string* client) -> Coro<> {
        ServerOptions options;
        options.ssl = context;
        options.ssl_handshake_timeout = 200ms;
        const asyncio::ClientConnected handler = pong;
        Server server = co_await asyncio::start_server(handler, "127.0.0.1", 0, options);
        auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", server_port(server));
        *client = writer.get_extra_info<asyncio::SocketAddress>("sockname")->to_string();
        const auto start = std::chrono::steady_clock::now();
        EXPECT_EQ(co_await asyncio::wait_for(reader.read(), 5s), "");  // dropped
        EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
        for (int i = 0; i < 100 && server.active_connections() != 0; ++i) {
            co_await asyncio::sleep(5ms);
        }
        EXPECT_EQ(server.active_connections(), 0u);
        co_await shut_down(server);
    }(server_context(), &client));
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(err, "asyncio: connection setup failed (peer " + client +
                       "): TimeoutError: server-side TLS handshake with " + client +
                       " timed out after 0.2 s\n");
}

TEST_F(Tls, ContextAndStartTlsMisuseIsReported) {
    SSLContext server_side(SSLContext::Protocol::tls_server);
    const std::string missing = pki().path("missing.pem");
    try {
        server_side.load_cert_chain(missing, pki().localhost.key);
        ADD_FAILURE() << "a missing certificate file was loaded";
    } catch (const asyncio::SSLError& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
    }
    EXPECT_THROW(server_side.load_cert_chain(pki().localhost.cert, pki().wrong_name.key),
                 asyncio::SSLError);
    SSLContext client_side = SSLContext::create_default_context();
    try {
        client_side.load_verify_locations(missing);
        ADD_FAILURE() << "a missing CA file was loaded";
    } catch (const asyncio::SSLError& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
    }

    run_bounded([](SSLContext server_side, SSLContext client_side) -> Coro<> {
        const asyncio::ClientConnected handler = pong;
        Server server = co_await serve_tls(handler, std::move(server_side));
        {  // check_hostname with no name to check
            asyncio::Socket socket =
                co_await asyncio::create_connection("127.0.0.1", server_port(server));
            StreamOptions options;
            options.ssl = client_side;
            bool refused = false;
            try {
                auto streams = co_await asyncio::open_connection(std::move(socket), options);
            } catch (const asyncio::ValueError&) {
                refused = true;
            }
            EXPECT_TRUE(refused);
        }
        auto [reader, writer] = co_await connect_tls(server_port(server), client_side, "localhost");
        bool twice = false;
        try {
            co_await writer.start_tls(client_side, "localhost", 5s);
        } catch (const asyncio::RuntimeError&) {
            twice = true;
        }
        EXPECT_TRUE(twice);
        EXPECT_THROW(writer.write_eof(), asyncio::RuntimeError);
        writer.write("usable\n");
        EXPECT_EQ(co_await reader.readline(), "pong: usable\n");
        co_await shut_down(server);
    }(server_context(), client_context()));
}

}  // namespace
