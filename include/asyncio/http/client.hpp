// `Client`: an HTTP/1.1 session (aiohttp's ClientSession): a pool of keep-alive connections,
// TLS, redirects, content decoding and timeouts, shared by every request made through it.
//
//   http::Client client;                                        // one per program, or per task
//   http::Response response = co_await client.get("https://example.com/");
//   std::cout << response.status() << " " << co_await response.text();
//
//   http::Response once = co_await http::get("http://127.0.0.1:8080/");   // a script's one call
//
// Connections are kept per (scheme, host, port): at most `limit` in use at once in all (and
// `limit_per_host` per host); a request beyond that waits its turn, first come first served.
// An idle connection is closed after `keepalive_timeout`. A request that finds its pooled
// connection closed by the server (before any byte of a response) is sent again on a new
// one if its method is idempotent and its body can be replayed.
//
// Redirects are followed (at most `max_redirects`, then TooManyRedirects): 301, 302 and 303
// turn into a GET without a body (a HEAD stays a HEAD), 307 and 308 keep the method and the
// body. `Authorization`, `Cookie` and `Proxy-Authorization` are not sent to another origin.
//
// TLS verifies the server's certificate and name against the system's CA store unless told
// otherwise (`verify_ssl = false`, or `ca_file` to trust one CA instead); SNI and ALPN
// "http/1.1" are sent. With `trust_env`, HTTP_PROXY / HTTPS_PROXY / NO_PROXY (or their lower
// case forms) choose a proxy: plain requests go through it as absolute URLs, https ones
// through a CONNECT tunnel.
//
// Cancelling a request at any await closes the connection it was using; the pool and the
// other requests carry on.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include "asyncio/core/coro.hpp"
#include "asyncio/http/headers.hpp"
#include "asyncio/http/request.hpp"
#include "asyncio/http/response.hpp"
#include "asyncio/net/ssl_context.hpp"

namespace asyncio::http {
namespace detail {
class ClientState;
}

struct ClientOptions {
    Headers headers{};  // sent with every request (a request's own value wins)
    Timeouts timeout{.total = std::chrono::minutes(5)};
    std::size_t limit = 100;         // connections in use at once, all hosts (0: no limit)
    std::size_t limit_per_host = 0;  // ...and per (scheme, host, port) (0: no limit)
    std::chrono::milliseconds keepalive_timeout = std::chrono::seconds(15);
    // The receive window a connection starts with, in bytes: a fast server then sends a
    // body of a few MiB without waiting for the window to grow round trip by round trip (the
    // kernel still grows it further). 0: the kernel's own start.
    std::size_t receive_window = 1024 * 1024;
    int max_redirects = 10;
    bool raise_for_status = false;  // every response checked (HTTPStatusError)
    bool auto_decompress = true;    // send Accept-Encoding, decode gzip / deflate / br
    std::string user_agent = "asyncio-cpp/0.1";
    // TLS: verification on, the system's CA store; a CA file (PEM) to trust instead; or a
    // context of one's own, which then decides everything.
    bool verify_ssl = true;
    std::string ca_file{};
    std::optional<SSLContext> ssl{};
    // Proxies: one for every request, or from the environment when `trust_env`.
    std::string proxy{};
    bool trust_env = false;
    // What a hostile server may make the client hold.
    std::size_t max_head_size = 64 * 1024;  // status line and header fields
    std::size_t max_header_fields = 128;
    std::size_t max_decompression_ratio = 100;  // decoded bytes per compressed byte (past 1 MiB)
    // Bodies larger than this are sent after the server's `100 Continue` (or after
    // `expect_continue_timeout` without an answer, as curl does).
    std::uint64_t expect_continue_threshold = 1024 * 1024;
    std::chrono::milliseconds expect_continue_timeout = std::chrono::seconds(1);
};

class Client {
  public:
    explicit Client(ClientOptions options = {});
    Client(Client&&) noexcept;
    Client& operator=(Client&&) noexcept;
    // Closes the idle connections; responses still being read keep theirs until they end.
    ~Client();

    Coro<Response> request(std::string method, std::string url, RequestOptions options = {});
    Coro<Response> get(std::string url, RequestOptions options = {});
    Coro<Response> head(std::string url, RequestOptions options = {});
    Coro<Response> post(std::string url, RequestOptions options = {});
    Coro<Response> put(std::string url, RequestOptions options = {});
    Coro<Response> patch(std::string url, RequestOptions options = {});
    Coro<Response> delete_(std::string url, RequestOptions options = {});

    // Closes the idle connections now and refuses new requests (RuntimeError).
    void close() noexcept;
    bool closed() const noexcept;
    // Connections open now: in use, and idle in the pool.
    std::size_t connections_in_use() const noexcept;
    std::size_t connections_idle() const noexcept;

  private:
    std::shared_ptr<detail::ClientState> state_;
};

// One request with a client of its own (default options), for scripts.
Coro<Response> request(std::string method, std::string url, RequestOptions options = {});
Coro<Response> get(std::string url, RequestOptions options = {});

}  // namespace asyncio::http
