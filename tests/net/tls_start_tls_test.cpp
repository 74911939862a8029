// start_tls(): a plain connection upgraded to TLS, on either side: our client with
// `openssl s_server`, both sides ours, and our server with `openssl s_client -starttls smtp`.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "net/tls_support.hpp"

namespace {

using namespace asyncio_test::tls;  // with the names the TLS tests use

TEST_F(Tls, StartTlsOnAPlainConnectionToSServer) {
    auto server = reversing_server(pki().localhost);
    run_bounded([](std::uint16_t port, SSLContext context) -> Coro<> {
        auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port);
        EXPECT_FALSE(writer.get_extra_info<std::string>("cipher").has_value());
        EXPECT_TRUE(writer.can_write_eof());
        co_await writer.start_tls(std::move(context), "localhost", 5s);
        EXPECT_TRUE(writer.get_extra_info<std::string>("cipher").has_value());
        writer.write("upgraded\n");
        EXPECT_EQ(co_await reader.readline(), "dedargpu\n");
    }(server->port(), client_context()));
}

Coro<> upgrade_on_request(StreamReader reader, StreamWriter writer, SSLContext context) {
    EXPECT_EQ(co_await reader.readline(), "STARTTLS\n");
    EXPECT_FALSE(writer.get_extra_info<std::string>("cipher").has_value());
    writer.write("READY\n");
    co_await writer.drain();
    co_await writer.start_tls(std::move(context), "", 5s);
    EXPECT_TRUE(writer.get_extra_info<std::string>("cipher").has_value());
    const std::string line = co_await reader.readline();
    writer.write("secure: " + line);
    co_await writer.drain();
    writer.close();
    co_await writer.wait_closed();
}

TEST_F(Tls, StartTlsUpgradesBothSidesOfOurConnection) {
    run_bounded([](SSLContext server_side, SSLContext client_side) -> Coro<> {
        asyncio::ClientConnected handler = [server_side](StreamReader reader, StreamWriter writer) {
            return upgrade_on_request(std::move(reader), std::move(writer), server_side);
        };
        Server server = co_await serve(handler);
        auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", server_port(server));
        writer.write("STARTTLS\n");
        EXPECT_EQ(co_await reader.readline(), "READY\n");
        co_await writer.start_tls(std::move(client_side), "localhost", 5s);
        EXPECT_EQ(writer.get_extra_info<std::string>("ssl_version"), "TLSv1.3");
        writer.write("hi\n");
        EXPECT_EQ(co_await reader.readline(), "secure: hi\n");
        EXPECT_EQ(co_await reader.read(), "");
        co_await shut_down(server);
    }(server_context(), client_context()));
}

// The server side of SMTP's STARTTLS, as much as `s_client -starttls smtp` needs.
Coro<> smtp_upgrade(StreamReader reader, StreamWriter writer, SSLContext context) {
    writer.write("220 localhost ESMTP test\r\n");
    const std::string ehlo = co_await reader.readline();
    EXPECT_TRUE(ehlo.starts_with("EHLO ")) << ehlo;
    writer.write("250-localhost\r\n250 STARTTLS\r\n");
    EXPECT_EQ(co_await reader.readline(), "STARTTLS\r\n");
    writer.write("220 Go ahead\r\n");
    co_await writer.drain();
    co_await writer.start_tls(std::move(context), "", 5s);
    const std::string line = co_await reader.readline();
    writer.write("secure: " + line);
    co_await writer.drain();
    writer.close();
    co_await writer.wait_closed();
}

TEST_F(Tls, StartTlsOnTheServerSideWithSClientStarttlsSmtp) {
    run_bounded([](SSLContext context, std::string ca) -> Coro<> {
        asyncio::ClientConnected handler = [context](StreamReader reader, StreamWriter writer) {
            return smtp_upgrade(std::move(reader), std::move(writer), context);
        };
        Server server = co_await serve(handler);
        std::string out, err;
        auto client = s_client(server_port(server),
                               {"-starttls", "smtp", "-CAfile", ca, "-verify_return_error",
                                "-verify_hostname", "localhost", "-quiet"},
                               "mail\n", &out, &err);
        EXPECT_EQ(co_await client->wait_async(8s), 0) << read_text_file(err);
        EXPECT_EQ(read_text_file(out), "secure: mail\n") << read_text_file(err);
        co_await shut_down(server);
    }(server_context(), pki().ca.cert));
}

}  // namespace
