// TLS against real peers: `openssl s_server` for our client, `openssl s_client` for our
// server, and both sides ours, with a throwaway CA the test suite makes itself.
//   - a client verifies the server against a custom CA file and checks the host name (DNS or
//     IP SAN); it sends SNI (s_server picks its certificate by it);
//   - verification failures are SSLCertVerificationError naming the check and the host:
//     wrong name, unknown CA, self-signed, expired; turned off, the connection works;
//   - start_server with ServerOptions.ssl serves s_client and our client (client
//     certificates too); ALPN is negotiated;
//   - start_tls upgrades a plain connection, on either side (SMTP STARTTLS with s_client);
//   - a failed handshake sends the peer its alert, and an alert is not taken for a
//     certificate failure;
//   - a peer that sends garbage is an SSLError, a silent peer a TimeoutError that leaves no
//     file descriptor behind; close() sends close_notify; megabytes pass both ways.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/detail/net/stream_access.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/net.hpp"
#include "net/net_support.hpp"
#include "net/tls_support.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::Server;
using asyncio::ServerOptions;
using asyncio::SSLContext;
using asyncio::StreamOptions;
using asyncio::StreamReader;
using asyncio::Streams;
using asyncio::StreamWriter;
using asyncio_test::ChildProcess;
using asyncio_test::OpensslServer;
using asyncio_test::read_text_file;
using asyncio_test::run_bounded;
using asyncio_test::TestPki;
using asyncio_test::write_text_file;

class Tls : public testing::Test {
  protected:
    static void SetUpTestSuite() {
        try {
            pki_ = std::make_unique<TestPki>();
        } catch (const std::exception& e) {
            setup_error_ = e.what();
        }
    }
    static void TearDownTestSuite() { pki_.reset(); }
    void SetUp() override { ASSERT_TRUE(pki_) << "cannot make the test CA: " << setup_error_; }

    static TestPki& pki() { return *pki_; }

    // Our client: the system's CAs and the test CA.
    static SSLContext client_context() {
        SSLContext context = SSLContext::create_default_context();
        context.load_verify_locations(pki().ca.cert);
        return context;
    }
    static SSLContext server_context() {
        SSLContext context(SSLContext::Protocol::tls_server);
        context.load_cert_chain(pki().localhost.cert, pki().localhost.key);
        return context;
    }
    static SSLContext unverified_context() {
        SSLContext context(SSLContext::Protocol::tls_client);
        context.set_check_hostname(false);
        context.set_verify_mode(SSLContext::VerifyMode::cert_none);
        return context;
    }
    // s_server on `files`, reversing each line it receives.
    static std::unique_ptr<OpensslServer> reversing_server(const asyncio_test::CertFiles& files) {
        return std::make_unique<OpensslServer>(
            pki(), std::vector<std::string>{"-cert", files.cert, "-key", files.key, "-rev"});
    }
    // `openssl s_client` against 127.0.0.1:port with `args`, its stdin from `input`.
    static std::unique_ptr<ChildProcess> s_client(std::uint16_t port,
                                                  const std::vector<std::string>& args,
                                                  const std::string& input, std::string* out,
                                                  std::string* err) {
        ChildProcess::Options options;
        options.stdin_file = pki().scratch("s_client.in");
        write_text_file(options.stdin_file, input);
        options.stdout_file = *out = pki().scratch("s_client.out");
        options.stderr_file = *err = pki().scratch("s_client.err");
        std::vector<std::string> argv{"openssl", "s_client", "-connect",
                                      "127.0.0.1:" + std::to_string(port)};
        argv.insert(argv.end(), args.begin(), args.end());
        return std::make_unique<ChildProcess>(argv, options);
    }

  private:
    inline static std::unique_ptr<TestPki> pki_;
    inline static std::string setup_error_;
};

Coro<Streams> connect_tls(std::uint16_t port, SSLContext context, std::string server_hostname) {
    StreamOptions options;
    options.ssl = context;
    options.server_hostname = std::move(server_hostname);
    options.ssl_handshake_timeout = 5s;
    co_return co_await asyncio::open_connection("127.0.0.1", port, std::move(options));
}

// How a connection attempt ended: the exception's type, what() and (for a verification
// failure) its reason.
struct Outcome {
    std::string kind;
    std::string what;
    std::string reason;
};

Coro<Outcome> try_connect(std::uint16_t port, SSLContext context, std::string server_hostname) {
    try {
        Streams streams =
            co_await connect_tls(port, std::move(context), std::move(server_hostname));
        co_return Outcome{"connected", "", ""};
    } catch (const asyncio::SSLCertVerificationError& e) {
        co_return Outcome{"SSLCertVerificationError", e.what(), e.reason};
    } catch (const asyncio::SSLError& e) {
        co_return Outcome{"SSLError", e.what(), ""};
    } catch (const asyncio::TimeoutError& e) {
        co_return Outcome{"TimeoutError", e.what(), ""};
    } catch (const std::exception& e) {
        co_return Outcome{"other", e.what(), ""};
    }
}

std::uint16_t port_of(const Server& server) { return server.sockets().at(0).sockname().port(); }

Coro<Server> serve_tls(asyncio::ClientConnected handler, SSLContext context) {
    ServerOptions options;
    options.ssl = context;
    options.ssl_handshake_timeout = 5s;
    co_return co_await asyncio::start_server(std::move(handler), "127.0.0.1", 0,
                                             std::move(options));
}

Coro<Server> serve_plain(asyncio::ClientConnected handler) {
    ServerOptions options;
    co_return co_await asyncio::start_server(std::move(handler), "127.0.0.1", 0,
                                             std::move(options));
}

Coro<> shut_down(Server server) {
    server.close();
    server.close_clients();
    co_await asyncio::wait_for(server.wait_closed(), 5s);
}

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

TEST_F(Tls, AnIpAddressIsCheckedAgainstTheIpSan) {
    auto server = reversing_server(pki().localhost);
    run_bounded([](std::uint16_t port, SSLContext context) -> Coro<> {
        // No server_hostname: the host connected to, 127.0.0.1, is checked (and no SNI).
        auto [reader, writer] = co_await connect_tls(port, std::move(context), "");
        writer.write("abc\n");
        EXPECT_EQ(co_await reader.readline(), "cba\n");
    }(server->port(), client_context()));
}

// s_server presents the wrong-name certificate unless the client's SNI says "localhost":
// only a client that sends SNI gets a certificate that passes verification.
TEST_F(Tls, SendsSniAndTheServerPicksItsCertificateByIt) {
    OpensslServer server(
        pki(), {"-cert", pki().wrong_name.cert, "-key", pki().wrong_name.key, "-servername",
                "localhost", "-cert2", pki().localhost.cert, "-key2", pki().localhost.key, "-rev"});
    run_bounded([](std::uint16_t port, SSLContext context, SSLContext no_name) -> Coro<> {
        {
            auto [reader, writer] = co_await connect_tls(port, std::move(context), "localhost");
            EXPECT_NE(
                writer.get_extra_info<std::string>("peercert").value_or("").find("CN=localhost"),
                std::string::npos);
            writer.write("sni\n");
            EXPECT_EQ(co_await reader.readline(), "ins\n");
        }
        // An IP address is not sent as SNI (RFC 6066): the default certificate comes.
        no_name.set_check_hostname(false);
        auto [reader, writer] = co_await connect_tls(port, std::move(no_name), "");
        EXPECT_NE(
            writer.get_extra_info<std::string>("peercert").value_or("").find("CN=wrong.example"),
            std::string::npos)
            << writer.get_extra_info<std::string>("peercert").value_or("");
        writer.write("ip\n");
        EXPECT_EQ(co_await reader.readline(), "pi\n");
    }(server.port(), client_context(), client_context()));
}

TEST_F(Tls, HostnameMismatchNamesTheHostAndTheCheck) {
    auto server = reversing_server(pki().wrong_name);
    run_bounded([](std::uint16_t port, SSLContext context) -> Coro<> {
        const Outcome by_name = co_await try_connect(port, context, "localhost");
        EXPECT_EQ(by_name.kind, "SSLCertVerificationError") << by_name.what;
        EXPECT_EQ(by_name.reason, "hostname mismatch");
        EXPECT_NE(by_name.what.find("certificate verify failed"), std::string::npos);
        EXPECT_NE(by_name.what.find("hostname mismatch"), std::string::npos) << by_name.what;
        EXPECT_NE(by_name.what.find("'localhost'"), std::string::npos) << by_name.what;

        const Outcome by_ip = co_await try_connect(port, context, "");
        EXPECT_EQ(by_ip.kind, "SSLCertVerificationError") << by_ip.what;
        EXPECT_EQ(by_ip.reason, "IP address mismatch");
        EXPECT_NE(by_ip.what.find("'127.0.0.1'"), std::string::npos) << by_ip.what;
    }(server->port(), client_context()));
}

TEST_F(Tls, DefaultContextRejectsAnUnknownCa) {
    auto server = reversing_server(pki().localhost);
    run_bounded([](std::uint16_t port) -> Coro<> {
        const Outcome outcome =
            co_await try_connect(port, SSLContext::create_default_context(), "localhost");
        EXPECT_EQ(outcome.kind, "SSLCertVerificationError") << outcome.what;
        EXPECT_EQ(outcome.reason, "unable to get local issuer certificate");
        EXPECT_NE(outcome.what.find("'localhost'"), std::string::npos) << outcome.what;
    }(server->port()));
}

TEST_F(Tls, SelfSignedCertificateIsRejected) {
    auto server = reversing_server(pki().self_signed);
    run_bounded([](std::uint16_t port, SSLContext context) -> Coro<> {
        const Outcome outcome = co_await try_connect(port, std::move(context), "localhost");
        EXPECT_EQ(outcome.kind, "SSLCertVerificationError") << outcome.what;
        EXPECT_EQ(outcome.reason, "self-signed certificate");
        EXPECT_NE(outcome.what.find("'localhost'"), std::string::npos) << outcome.what;
    }(server->port(), client_context()));
}

TEST_F(Tls, ExpiredCertificateIsRejected) {
    auto server = reversing_server(pki().expired);
    run_bounded([](std::uint16_t port, SSLContext context) -> Coro<> {
        const Outcome outcome = co_await try_connect(port, std::move(context), "localhost");
        EXPECT_EQ(outcome.kind, "SSLCertVerificationError") << outcome.what;
        EXPECT_EQ(outcome.reason, "certificate has expired");
        EXPECT_NE(outcome.what.find("'localhost'"), std::string::npos) << outcome.what;
    }(server->port(), client_context()));
}

TEST_F(Tls, WithoutVerificationAnyPeerIsAccepted) {
    auto self_signed = reversing_server(pki().self_signed);
    auto wrong_name = reversing_server(pki().wrong_name);
    run_bounded([](std::uint16_t self_signed, std::uint16_t wrong_name, SSLContext none,
                   SSLContext no_hostname) -> Coro<> {
        {
            auto [reader, writer] = co_await connect_tls(self_signed, std::move(none), "");
            writer.write("unverified\n");
            EXPECT_EQ(co_await reader.readline(), "deifirevnu\n");
            // The certificate is still there to look at.
            EXPECT_NE(
                writer.get_extra_info<std::string>("peercert").value_or("").find("CN=localhost"),
                std::string::npos);
        }
        // The chain is verified, the name is not.
        no_hostname.set_check_hostname(false);
        auto [reader, writer] = co_await connect_tls(wrong_name, std::move(no_hostname), "");
        writer.write("any name\n");
        EXPECT_EQ(co_await reader.readline(), "eman yna\n");
    }(self_signed->port(), wrong_name->port(), unverified_context(), client_context()));
}

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
        asyncio::detail::StreamAccess::transport(writer).abort();
        EXPECT_TRUE(co_await server->wait_for_output("ERROR", 5s)) << server->out();
    }(&server, client_context()));
}

// A TLS 1.2 server that requires a client certificate refuses us with an alert during the
// handshake; with verification off, the server's (self-signed) certificate is not why the
// handshake failed, so this is no SSLCertVerificationError.
TEST_F(Tls, AHandshakeAlertIsNotReportedAsACertificateFailure) {
    OpensslServer server(pki(), {"-cert", pki().self_signed.cert, "-key", pki().self_signed.key,
                                 "-tls1_2", "-Verify", "1", "-rev"});
    run_bounded([](std::uint16_t port, SSLContext context) -> Coro<> {
        const Outcome outcome = co_await try_connect(port, std::move(context), "localhost");
        EXPECT_EQ(outcome.kind, "SSLError") << outcome.what;
        EXPECT_NE(outcome.what.find("alert"), std::string::npos) << outcome.what;
    }(server.port(), unverified_context()));
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

Coro<> pong(StreamReader reader, StreamWriter writer) {
    const std::string line = co_await reader.readline();
    writer.write("pong: " + line);
    co_await writer.drain();
    writer.close();
    co_await writer.wait_closed();
}

TEST_F(Tls, OurServerServesSClient) {
    run_bounded([](SSLContext context, std::string ca) -> Coro<> {
        const asyncio::ClientConnected handler = pong;
        Server server = co_await serve_tls(handler, std::move(context));
        std::string out, err;
        // -quiet: only the data on stdout, and stdin's end does not end the session.
        auto client = s_client(port_of(server),
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
        auto client = s_client(port_of(server), {"-CAfile", ca, "-ign_eof"}, "ping\n", &out, &err);
        EXPECT_EQ(co_await client->wait_async(8s), 0) << read_text_file(err);
        const std::string text = read_text_file(out);
        EXPECT_NE(text.find("pong: ping\n"), std::string::npos) << text;
        EXPECT_NE(text.find("\nclosed\n"), std::string::npos) << text;
        EXPECT_EQ(read_text_file(err).find("unexpected eof"), std::string::npos)
            << read_text_file(err);
        co_await shut_down(server);
    }(server_context(), pki().ca.cert));
}

Coro<> describe_tls(StreamReader reader, StreamWriter writer) {
    co_await reader.readline();
    writer.write(writer.get_extra_info<std::string>("ssl_version").value_or("-") + " " +
                 writer.get_extra_info<std::string>("peercert").value_or("-") + "\n");
    co_await writer.drain();
    writer.close();
    co_await writer.wait_closed();
}

TEST_F(Tls, OurServerServesOurClient) {
    run_bounded([](SSLContext server_side, SSLContext client_side) -> Coro<> {
        const asyncio::ClientConnected handler = describe_tls;
        Server server = co_await serve_tls(handler, std::move(server_side));
        auto [reader, writer] =
            co_await connect_tls(port_of(server), std::move(client_side), "localhost");
        writer.write("who\n");
        // No client certificate: the server sees an empty peercert.
        EXPECT_EQ(co_await reader.readline(), "TLSv1.3 \n");
        EXPECT_EQ(co_await reader.read(), "");  // the server's close_notify
        EXPECT_TRUE(reader.at_eof());
        co_await shut_down(server);
    }(server_context(), client_context()));
}

TEST_F(Tls, OurServerRequiresAndVerifiesClientCertificates) {
    SSLContext server_side = server_context();
    server_side.set_verify_mode(SSLContext::VerifyMode::cert_required);
    server_side.load_verify_locations(pki().ca.cert);
    SSLContext with_cert = client_context();
    with_cert.load_cert_chain(pki().client.cert, pki().client.key);
    run_bounded([](SSLContext server_side, SSLContext with_cert, std::string ca, std::string cert,
                   std::string key) -> Coro<> {
        const asyncio::ClientConnected handler = describe_tls;
        Server server = co_await serve_tls(handler, std::move(server_side));
        {
            auto [reader, writer] =
                co_await connect_tls(port_of(server), std::move(with_cert), "localhost");
            writer.write("who\n");
            EXPECT_EQ(co_await reader.readline(), "TLSv1.3 /CN=test client\n");
        }
        {
            std::string out, err;
            auto client = s_client(
                port_of(server),
                {"-CAfile", ca, "-verify_return_error", "-cert", cert, "-key", key, "-quiet"},
                "who\n", &out, &err);
            EXPECT_EQ(co_await client->wait_async(8s), 0) << read_text_file(err);
            EXPECT_EQ(read_text_file(out), "TLSv1.3 /CN=test client\n") << read_text_file(err);
        }
        co_await shut_down(server);
    }(std::move(server_side), std::move(with_cert), pki().ca.cert, pki().client.cert,
                                    pki().client.key));
}

// A handshake that fails sends the peer the alert that says why, as OpenSSL wrote it.
// Here TLS 1.3 lets our client finish its handshake before our server has checked it, so
// the server's alert ("certificate required") comes with the client's first read.
TEST_F(Tls, AClientRefusedByOurServerLearnsWhy) {
    SSLContext server_side = server_context();
    server_side.set_verify_mode(SSLContext::VerifyMode::cert_required);
    server_side.load_verify_locations(pki().ca.cert);
    run_bounded([](SSLContext server_side, SSLContext without_cert) -> Coro<> {
        const asyncio::ClientConnected handler = describe_tls;
        Server server = co_await serve_tls(handler, std::move(server_side));
        auto [reader, writer] =
            co_await connect_tls(port_of(server), std::move(without_cert), "localhost");
        writer.write("who\n");
        std::string failure = "no error";
        try {
            failure = "read " + co_await reader.readline();
        } catch (const asyncio::SSLError& e) {
            failure = e.what();
        }
        EXPECT_NE(failure.find("certificate required"), std::string::npos) << failure;
        co_await shut_down(server);
    }(std::move(server_side), client_context()));
}

// The other way round: s_server learns from our client's alert why it was refused.
TEST_F(Tls, ASServerRefusedByOurClientLearnsWhy) {
    auto server = reversing_server(pki().self_signed);
    run_bounded([](OpensslServer* server, SSLContext context) -> Coro<> {
        const Outcome outcome =
            co_await try_connect(server->port(), std::move(context), "localhost");
        EXPECT_EQ(outcome.kind, "SSLCertVerificationError") << outcome.what;
        EXPECT_TRUE(co_await server->wait_for_error("alert", 2s)) << server->err();
    }(server.get(), client_context()));
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
            co_await connect_tls(port_of(server), std::move(client_side), "localhost");
        EXPECT_EQ(co_await reader.readline(), "http/1.1\n");
        EXPECT_EQ(writer.get_extra_info<std::string>("alpn_protocol"), "http/1.1");
        writer.close();
        co_await shut_down(server);
    }(std::move(server_side), client_context()));
}

// -- start_tls --

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
        Server server = co_await serve_plain(handler);
        auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port_of(server));
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
        Server server = co_await serve_plain(handler);
        std::string out, err;
        auto client = s_client(port_of(server),
                               {"-starttls", "smtp", "-CAfile", ca, "-verify_return_error",
                                "-verify_hostname", "localhost", "-quiet"},
                               "mail\n", &out, &err);
        EXPECT_EQ(co_await client->wait_async(8s), 0) << read_text_file(err);
        EXPECT_EQ(read_text_file(out), "secure: mail\n") << read_text_file(err);
        co_await shut_down(server);
    }(server_context(), pki().ca.cert));
}

// -- failures --

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
        Server garbage = co_await serve_plain(garbage_handler);
        const auto start = std::chrono::steady_clock::now();
        const Outcome outcome = co_await try_connect(port_of(garbage), context, "localhost");
        EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
        EXPECT_EQ(outcome.kind, "SSLError") << outcome.what;
        EXPECT_NE(outcome.what.find("TLS handshake with 'localhost' failed: "), std::string::npos)
            << outcome.what;
        EXPECT_EQ(outcome.what.find("unknown error"), std::string::npos) << outcome.what;

        const asyncio::ClientConnected silent_handler = hang_up_after_hello;
        Server silent = co_await serve_plain(silent_handler);
        const Outcome closed = co_await try_connect(port_of(silent), context, "localhost");
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
            auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port_of(server));
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
            co_await connect_tls(port_of(server), std::move(client_side), "localhost");
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
        auto [reader, writer] = co_await asyncio::open_connection("127.0.0.1", port_of(server));
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
                co_await asyncio::create_connection("127.0.0.1", port_of(server));
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
        auto [reader, writer] = co_await connect_tls(port_of(server), client_side, "localhost");
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

// -- bulk --

std::string pattern(std::size_t size, unsigned seed) {
    std::string data(size, '\0');
    unsigned state = seed;
    for (char& c : data) {
        state = state * 1103515245u + 12345u;
        c = static_cast<char>(state >> 24);
    }
    return data;
}

Coro<> echo(StreamReader reader, StreamWriter writer) {
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
        const asyncio::ClientConnected handler = echo;
        Server server = co_await serve_tls(handler, std::move(server_side));
        auto [reader, writer] =
            co_await connect_tls(port_of(server), std::move(client_side), "localhost");
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
