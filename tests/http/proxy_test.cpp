// Proxies: which one the environment names (HTTP_PROXY, HTTPS_PROXY, NO_PROXY), and https
// through a CONNECT tunnel of a proxy written here on the streams layer.
#include "asyncio/detail/http/proxy.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "asyncio/combinators/gather.hpp"
#include "asyncio/http/client.hpp"
#include "asyncio/http/errors.hpp"
#include "asyncio/net/server.hpp"
#include "asyncio/net/streams.hpp"
#include "http/support/http_test_server.hpp"
#include "net/openssl_support.hpp"
#include "net/server_support.hpp"
#include "support/test_support.hpp"

namespace asyncio_test::http_test {
namespace {

using asyncio::Coro;
namespace http = asyncio::http;
using http::URL;
using http::detail::no_proxy_covers;
using http::detail::proxy_from_environment;

// Sets environment variables for one test and puts them back.
class Environment {
  public:
    void set(const char* name, const char* value) {
        const char* old = ::getenv(name);
        saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~Environment() {
        for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
            if (it->second)
                ::setenv(it->first.c_str(), it->second->c_str(), 1);
            else
                ::unsetenv(it->first.c_str());
        }
    }

  private:
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST(HttpProxy, NoProxyCoversHostsTheirSubdomainsAndPorts) {
    EXPECT_TRUE(no_proxy_covers("*", URL("http://anything.example/")));
    EXPECT_TRUE(no_proxy_covers("example.com", URL("http://example.com/")));
    EXPECT_TRUE(no_proxy_covers("example.com", URL("http://www.Example.com/")));
    EXPECT_TRUE(no_proxy_covers(" other.org , .example.com", URL("http://a.example.com/")));
    EXPECT_FALSE(no_proxy_covers("example.com", URL("http://notexample.com/")));
    EXPECT_TRUE(no_proxy_covers("example.com:8080", URL("http://example.com:8080/")));
    EXPECT_FALSE(no_proxy_covers("example.com:8080", URL("http://example.com/")));
    EXPECT_TRUE(no_proxy_covers("127.0.0.1", URL("http://127.0.0.1:9/")));
    EXPECT_FALSE(no_proxy_covers("0.0.1", URL("http://127.0.0.1/")));
    EXPECT_TRUE(no_proxy_covers("[::1]", URL("http://[::1]:80/")));
    EXPECT_FALSE(no_proxy_covers("", URL("http://example.com/")));
}

TEST(HttpProxy, TheEnvironmentNamesOneForEachScheme) {
    Environment env;
    env.set("http_proxy", "http://plain.proxy:3128");
    env.set("HTTPS_PROXY", "secure.proxy:3129");
    env.set("https_proxy", nullptr);
    env.set("NO_PROXY", "internal.example");
    env.set("no_proxy", nullptr);
    env.set("REQUEST_METHOD", nullptr);
    EXPECT_EQ(proxy_from_environment(URL("http://example.com/")), "http://plain.proxy:3128");
    EXPECT_EQ(proxy_from_environment(URL("https://example.com/")), "secure.proxy:3129");
    EXPECT_EQ(proxy_from_environment(URL("https://db.internal.example/")), "");
    env.set("http_proxy", nullptr);
    env.set("HTTP_PROXY", "http://upper.proxy:1");
    EXPECT_EQ(proxy_from_environment(URL("http://example.com/")), "http://upper.proxy:1");
    env.set("REQUEST_METHOD", "GET");  // a CGI program: HTTP_PROXY came from a request header
    EXPECT_EQ(proxy_from_environment(URL("http://example.com/")), "");
}

TEST(HttpProxy, TheClientTrustsTheEnvironmentWhenTold) {
    Environment env;
    env.set("no_proxy", nullptr);
    env.set("NO_PROXY", nullptr);
    env.set("REQUEST_METHOD", nullptr);
    run_bounded([](Environment* env) -> Coro<int> {
        HttpTestServer proxy = co_await HttpTestServer::start();
        proxy.route("http://origin.test/",
                    [](Request request, asyncio::StreamReader*,
                       asyncio::StreamWriter* writer) -> Coro<After> {
                        writer->write(response(200, {}, "via proxy " + request.target));
                        co_return After::keep_alive;
                    });
        env->set("http_proxy", proxy.url("/").c_str());
        {
            http::ClientOptions trusting;
            trusting.trust_env = true;
            http::Client client(std::move(trusting));
            http::Response response = co_await client.get("http://origin.test/x");
            EXPECT_EQ(co_await response.text(), "via proxy http://origin.test/x");
            // Without trust_env the environment is not read: origin.test does not resolve.
            http::Client plain;
            EXPECT_THROW(co_await plain.get("http://origin.test/x"), http::ConnectError);
        }
        co_await proxy.close();
        co_return 0;
    }(&env));
}

// A CONNECT proxy: reads "CONNECT host:port", connects there, answers 200 and pipes both ways.
// It records what it was asked.
struct TunnelProxy {
    std::vector<std::string> requests;
    bool refuse = false;
};

Coro<> pipe(asyncio::StreamReader* from, asyncio::StreamWriter* to) {
    for (;;) {
        std::string bytes = co_await from->read(65536);
        if (bytes.empty()) break;
        to->write(std::move(bytes));
        co_await to->drain();
    }
    to->close();
}

Coro<> tunnel(TunnelProxy* proxy, asyncio::StreamReader reader, asyncio::StreamWriter writer) {
    const std::string request_line = co_await reader.readline();
    for (;;) {
        const std::string line = co_await reader.readline();
        if (line.empty() || line == "\r\n") break;
    }
    proxy->requests.push_back(request_line);
    if (proxy->refuse) {
        writer.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        co_await writer.drain();
        co_return;
    }
    const std::string authority = request_line.substr(8, request_line.find(' ', 8) - 8);
    const auto colon = authority.rfind(':');
    auto [up_reader, up_writer] = co_await asyncio::open_connection(
        authority.substr(0, colon),
        static_cast<std::uint16_t>(std::stoi(authority.substr(colon + 1))));
    writer.write("HTTP/1.1 200 Connection established\r\n\r\n");
    co_await asyncio::gather(pipe(&reader, &up_writer), pipe(&up_reader, &writer));
}

TEST(HttpProxy, HttpsGoesThroughAConnectTunnel) {
    const TestPki pki;
    run_bounded([](const TestPki* pki) -> Coro<int> {
        HttpTestServer::Options tls;
        tls.tls.emplace(asyncio::SSLContext::Protocol::tls_server);
        tls.tls->load_cert_chain(pki->localhost.cert, pki->localhost.key);
        HttpTestServer origin = co_await HttpTestServer::start(std::move(tls));
        TunnelProxy proxy;
        asyncio::Server proxy_server =
            co_await serve([&proxy](asyncio::StreamReader r, asyncio::StreamWriter w) {
                return tunnel(&proxy, std::move(r), std::move(w));
            });
        http::ClientOptions options;
        options.ca_file = pki->ca.cert;
        options.proxy = "127.0.0.1:" + std::to_string(server_port(proxy_server));
        {
            http::Client client(std::move(options));
            const std::string url = "https://localhost:" + std::to_string(origin.port()) + "/echo";
            http::Response response = co_await client.get(url);
            const Request echoed = parse_echo(co_await response.text());
            EXPECT_EQ(echoed.target, "/echo");  // inside the tunnel: origin-form
            EXPECT_EQ(echoed.header("Host"), "localhost:" + std::to_string(origin.port()));
            http::Response again = co_await client.get(url);  // the tunnel is kept alive
            co_await again.text();
            EXPECT_EQ(proxy.requests.size(), 1u);
            if (!proxy.requests.empty()) {
                EXPECT_EQ(proxy.requests[0],
                          "CONNECT localhost:" + std::to_string(origin.port()) + " HTTP/1.1\r\n");
            }

            proxy.refuse = true;
            http::ClientOptions refusing;
            refusing.proxy = "127.0.0.1:" + std::to_string(server_port(proxy_server));
            http::Client refused(std::move(refusing));
            try {
                co_await refused.get(url);
                ADD_FAILURE() << "no error";
            } catch (const http::ConnectError& error) {
                EXPECT_NE(std::string(error.what()).find("refused the tunnel"), std::string::npos)
                    << error.what();
                EXPECT_NE(std::string(error.what()).find("403"), std::string::npos) << error.what();
            }
        }
        proxy_server.close();
        co_await origin.close();
        co_return 0;
    }(&pki));
}

}  // namespace
}  // namespace asyncio_test::http_test
