// TLS sessions with real peers and between ours: our client with `openssl s_server`, our
// server with `openssl s_client` and with our client; what get_extra_info() tells (version,
// cipher, peer certificate, ALPN protocol); close() sends close_notify both ways; megabytes
// pass both ways under drain()'s back-pressure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncio/detail/net/stream_access.hpp"
#include "net/tls_support.hpp"

namespace {

using namespace asyncio_test::tls;  // with the names the TLS tests use

// -- our client against s_server --

TEST_F(Tls, ClientVerifiesWithACustomCaAndTalksToSServer) {
    auto server = reversing_server(pki().localhost);
    run_bounded([](std::uint16_t port, SSLContext context) -> Coro<> {
        auto [reader, writer] = co_await connect_tls(port, std::move(context), "localhost");
        writer.write("hello\n");
        co_await writer.drain();
        EXPECT_EQ(co_await reader.readline(), "olleh\n");
        writer.write("a second line\n");
        EXPECT_EQ(co_await reader.readline(), "enil dnoces a\n");

        EXPECT_EQ(writer.get_extra_info<std::string>("ssl_version"), "TLSv1.3");
        const std::string cipher = writer.get_extra_info<std::string>("cipher").value_or("");
        EXPECT_TRUE(cipher.starts_with("TLS_")) << cipher;
        const std::string peer = writer.get_extra_info<std::string>("peercert").value_or("");
        EXPECT_NE(peer.find("CN=localhost"), std::string::npos) << peer;
        EXPECT_EQ(writer.get_extra_info<std::string>("alpn_protocol"), "");
        EXPECT_FALSE(writer.can_write_eof());
        writer.close();
        co_await writer.wait_closed();
    }(server->port(), client_context()));
}

// s_server prints DONE when the client's close_notify arrives, ERROR (and OpenSSL's
// "unexpected eof while reading") when the connection just ends.
TEST_F(Tls, CloseSendsCloseNotifyToSServer) {
    OpensslServer server(pki(), {"-cert", pki().localhost.cert, "-key", pki().localhost.key},
                         /*stdin_pipe=*/true);
    run_bounded([](OpensslServer* server, SSLContext context) -> Coro<> {
        {
            auto [reader, writer] = co_await connect_tls(server->port(), context, "localhost");
            writer.write("goodbye\n");
            co_await writer.drain();
            writer.close();
            co_await writer.wait_closed();
        }
        EXPECT_TRUE(co_await server->wait_for_output("DONE", 5s)) << server->out();
        EXPECT_NE(server->out().find("goodbye"), std::string::npos);
        EXPECT_EQ(server->err().find("unexpected eof"), std::string::npos) << server->err();

        // The control: without close_notify s_server does see the difference.
        auto [reader, writer] = co_await connect_tls(server->port(), context, "localhost");
        writer.write("abort\n");
        co_await writer.drain();
        writer.abort();
        EXPECT_TRUE(co_await server->wait_for_output("ERROR", 5s)) << server->out();
    }(&server, client_context()));
}

TEST_F(Tls, AlpnIsNegotiatedWithSServer) {
    OpensslServer server(pki(), {"-cert", pki().localhost.cert, "-key", pki().localhost.key,
                                 "-alpn", "h2,http/1.1", "-rev"});
    run_bounded([](std::uint16_t port, SSLContext context) -> Coro<> {
        // The server picks: the first of its own list that the client offers.
        context.set_alpn_protocols({"spdy/3", "http/1.1"});
        auto [reader, writer] = co_await connect_tls(port, std::move(context), "localhost");
        EXPECT_EQ(writer.get_extra_info<std::string>("alpn_protocol"), "http/1.1");
    }(server.port(), client_context()));
}

// -- our server --

TEST_F(Tls, OurServerServesSClient) {
    run_bounded([](SSLContext context, std::string ca) -> Coro<> {
        const asyncio::ClientConnected handler = pong;
        Server server = co_await serve_tls(handler, std::move(context));
        std::string out, err;
        // -quiet: only the data on stdout, and stdin's end does not end the session.
        auto client = s_client(server_port(server),
                               {"-CAfile", ca, "-verify_return_error", "-verify_hostname",
                                "localhost", "-servername", "localhost", "-quiet"},
                               "ping\n", &out, &err);
        EXPECT_EQ(co_await client->wait_async(8s), 0) << read_text_file(err);
        EXPECT_EQ(read_text_file(out), "pong: ping\n") << read_text_file(err);
        co_await shut_down(server);
    }(server_context(), pki().ca.cert));
}

// s_client prints "closed" when the server's close_notify arrives.
TEST_F(Tls, OurServerSendsCloseNotifyToSClient) {
    run_bounded([](SSLContext context, std::string ca) -> Coro<> {
        const asyncio::ClientConnected handler = pong;
        Server server = co_await serve_tls(handler, std::move(context));
        std::string out, err;
        auto client =
            s_client(server_port(server), {"-CAfile", ca, "-ign_eof"}, "ping\n", &out, &err);
        EXPECT_EQ(co_await client->wait_async(8s), 0) << read_text_file(err);
        const std::string text = read_text_file(out);
        EXPECT_NE(text.find("pong: ping\n"), std::string::npos) << text;
        EXPECT_NE(text.find("\nclosed\n"), std::string::npos) << text;
        EXPECT_EQ(read_text_file(err).find("unexpected eof"), std::string::npos)
            << read_text_file(err);
        co_await shut_down(server);
    }(server_context(), pki().ca.cert));
}

TEST_F(Tls, OurServerServesOurClient) {
    run_bounded([](SSLContext server_side, SSLContext client_side) -> Coro<> {
        const asyncio::ClientConnected handler = describe_tls;
        Server server = co_await serve_tls(handler, std::move(server_side));
        auto [reader, writer] =
            co_await connect_tls(server_port(server), std::move(client_side), "localhost");
        writer.write("who\n");
        // No client certificate: the server sees an empty peercert.
        EXPECT_EQ(co_await reader.readline(), "TLSv1.3 \n");
        EXPECT_EQ(co_await reader.read(), "");  // the server's close_notify
        EXPECT_TRUE(reader.at_eof());
        co_await shut_down(server);
    }(server_context(), client_context()));
}

Coro<> tell_alpn(StreamReader reader, StreamWriter writer) {
    writer.write(writer.get_extra_info<std::string>("alpn_protocol").value_or("-") + "\n");
    co_await writer.drain();
    co_await reader.read();
}

TEST_F(Tls, OurServerNegotiatesAlpn) {
    SSLContext server_side = server_context();
    server_side.set_alpn_protocols({"h2", "http/1.1"});
    run_bounded([](SSLContext server_side, SSLContext client_side) -> Coro<> {
        const asyncio::ClientConnected handler = tell_alpn;
        Server server = co_await serve_tls(handler, std::move(server_side));
        client_side.set_alpn_protocols({"http/1.1"});
        auto [reader, writer] =
            co_await connect_tls(server_port(server), std::move(client_side), "localhost");
        EXPECT_EQ(co_await reader.readline(), "http/1.1\n");
        EXPECT_EQ(writer.get_extra_info<std::string>("alpn_protocol"), "http/1.1");
        writer.close();
        co_await shut_down(server);
    }(std::move(server_side), client_context()));
}

// -- bulk --

Coro<> echo_bytes(StreamReader reader, StreamWriter writer) {
    for (;;) {
        std::string chunk = co_await reader.read(256 * 1024);
        if (chunk.empty()) break;
        writer.write(std::move(chunk));
        co_await writer.drain();
    }
    writer.close();
    co_await writer.wait_closed();
}

// Writes `data` in pieces, draining after each: the largest queue drain() left behind.
Coro<std::size_t> send_in_chunks(StreamWriter* writer, std::string data, std::size_t chunk) {
    std::size_t largest = 0;
    for (std::size_t at = 0; at < data.size(); at += chunk) {
        writer->write(std::string_view(data).substr(at, chunk));
        co_await writer->drain();
        largest = std::max(largest, writer->get_write_buffer_size());
    }
    co_return largest;
}

TEST_F(Tls, MegabytesBothWaysThroughOurClientAndServer) {
    run_bounded([](SSLContext server_side, SSLContext client_side) -> Coro<> {
        const asyncio::ClientConnected handler = echo_bytes;
        Server server = co_await serve_tls(handler, std::move(server_side));
        auto [reader, writer] =
            co_await connect_tls(server_port(server), std::move(client_side), "localhost");
        const std::string data = pattern(6 * 1024 * 1024 + 123, 7);
        // The echo server waits for us to read what it sends back: send and read at once.
        asyncio::Task<std::size_t> sender =
            asyncio::create_task(send_in_chunks(&writer, data, 100 * 1000));
        std::string got;
        while (got.size() < data.size()) {
            std::string piece = co_await asyncio::wait_for(reader.read(1 << 20), 5s);
            if (piece.empty()) break;
            got += piece;
        }
        const std::size_t largest_queue = co_await sender;
        // drain() held the writer back: the queue stayed near its high water mark.
        EXPECT_LE(largest_queue, 256u * 1024u);
        EXPECT_EQ(got.size(), data.size());
        EXPECT_TRUE(got == data);
        writer.close();
        co_await writer.wait_closed();
        co_await shut_down(server);
    }(server_context(), client_context()));
}

Coro<> send_lines(StreamWriter* writer, std::vector<std::string> lines) {
    for (const std::string& line : lines) {
        writer->write(line);
        co_await writer->drain();
    }
}

TEST_F(Tls, MegabytesBothWaysWithSServer) {
    auto server = reversing_server(pki().localhost);
    run_bounded([](std::uint16_t port, SSLContext context) -> Coro<> {
        auto [reader, writer] = co_await connect_tls(port, std::move(context), "localhost");
        std::vector<std::string> lines;
        const std::string data = pattern(3 * 1024 * 1024, 11);
        for (std::size_t at = 0; at < data.size(); at += 4000) {
            std::string line = data.substr(at, 4000);
            for (char& c : line) c = static_cast<char>('a' + static_cast<unsigned char>(c) % 26);
            lines.push_back(line + "\n");
        }
        asyncio::Task<> sender = asyncio::create_task(send_lines(&writer, lines));
        std::size_t good = 0;
        for (const std::string& line : lines) {
            std::string back = co_await asyncio::wait_for(reader.readline(), 5s);
            std::string expected(line.rbegin() + 1, line.rend());
            if (back == expected + "\n") ++good;
        }
        co_await sender;
        EXPECT_EQ(good, lines.size());
    }(server->port(), client_context()));
}

}  // namespace
