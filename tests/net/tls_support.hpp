// Helpers of the TLS tests (namespace asyncio_test::tls, which also brings in asyncio_test),
// on top of openssl_support.hpp and server_support.hpp:
//   Tls                           the fixture: a throwaway CA made once per test binary,
//                                 contexts for our client and our server, `openssl s_server`
//                                 reversing lines, `openssl s_client` as a child process;
//   connect_tls(), try_connect()  our client over TLS to 127.0.0.1, and how an attempt ended
//                                 (Outcome: the exception's type, what() and reason);
//   serve_tls(), shut_down()      our server over TLS on 127.0.0.1 (port 0), and its end;
//   pong, describe_tls            handlers: a line answered, or the TLS version and the
//                                 client's certificate told.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/net/net.hpp"
#include "net/net_support.hpp"
#include "net/openssl_support.hpp"
#include "net/server_support.hpp"
#include "support/test_support.hpp"

namespace asyncio_test::tls {

using namespace std::chrono_literals;
using namespace asyncio_test;
using asyncio::ClientConnected;
using asyncio::Coro;
using asyncio::Server;
using asyncio::ServerOptions;
using asyncio::SSLContext;
using asyncio::StreamOptions;
using asyncio::StreamReader;
using asyncio::Streams;
using asyncio::StreamWriter;

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

inline Coro<Streams> connect_tls(std::uint16_t port, SSLContext context,
                                 std::string server_hostname) {
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

inline Coro<Outcome> try_connect(std::uint16_t port, SSLContext context,
                                 std::string server_hostname) {
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

inline Coro<Server> serve_tls(ClientConnected handler, SSLContext context) {
    ServerOptions options;
    options.ssl = context;
    options.ssl_handshake_timeout = 5s;
    co_return co_await serve(std::move(handler), std::move(options));
}

inline Coro<> shut_down(Server server) {
    server.close();
    server.close_clients();
    co_await asyncio::wait_for(server.wait_closed(), 5s);
}

inline Coro<> pong(StreamReader reader, StreamWriter writer) {
    const std::string line = co_await reader.readline();
    writer.write("pong: " + line);
    co_await writer.drain();
    writer.close();
    co_await writer.wait_closed();
}

inline Coro<> describe_tls(StreamReader reader, StreamWriter writer) {
    co_await reader.readline();
    writer.write(writer.get_extra_info<std::string>("ssl_version").value_or("-") + " " +
                 writer.get_extra_info<std::string>("peercert").value_or("-") + "\n");
    co_await writer.drain();
    writer.close();
    co_await writer.wait_closed();
}

}  // namespace asyncio_test::tls
