// TLS certificate verification, with a throwaway CA the tests make themselves:
//   - our client verifies the server against a custom CA file and checks the host name (DNS
//     or IP SAN); it sends SNI (s_server picks its certificate by it);
//   - verification failures are SSLCertVerificationError naming the check and the host:
//     wrong name, unknown CA, self-signed, expired; turned off, the connection works;
//   - an alert during the handshake is not taken for a certificate failure;
//   - our server requires and verifies client certificates; a refused peer (ours or
//     s_server) learns why from the alert.
#include <gtest/gtest.h>

#include <string>

#include "net/tls_support.hpp"

namespace {

using namespace asyncio_test::tls;  // with the names the TLS tests use

// -- our client checks the server --

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

// -- our server checks the client --

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
                co_await connect_tls(server_port(server), std::move(with_cert), "localhost");
            writer.write("who\n");
            EXPECT_EQ(co_await reader.readline(), "TLSv1.3 /CN=test client\n");
        }
        {
            std::string out, err;
            auto client = s_client(
                server_port(server),
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
            co_await connect_tls(server_port(server), std::move(without_cert), "localhost");
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

}  // namespace
