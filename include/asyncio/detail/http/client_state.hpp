// What a Client shares with its requests and their responses: the options, the TLS context
// and the connection pool. Held by shared_ptr, so a response read after its client is gone
// still has a pool to give its connection back to (which then closes it).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include "asyncio/core/coro.hpp"
#include "asyncio/detail/http/connection_pool.hpp"
#include "asyncio/detail/http/exchange.hpp"
#include "asyncio/http/client.hpp"
#include "asyncio/http/url.hpp"
#include "asyncio/net/ssl_context.hpp"

namespace asyncio::http::detail {

// How a request reaches its server: directly, through a proxy that takes absolute URLs
// (plain http), or through a CONNECT tunnel (https via a proxy).
struct Route {
    enum class Via { direct, proxy, tunnel };
    Via via = Via::direct;
    std::string key;  // the pool's: which connections can serve this request
    URL proxy;        // when not direct
};

class ClientState : public std::enable_shared_from_this<ClientState> {
  public:
    explicit ClientState(ClientOptions options);

    Coro<Response> request(std::string method, std::string url, RequestOptions options);

    const ClientOptions& options() const noexcept { return options_; }
    ConnectionPool& pool() noexcept { return pool_; }
    bool closed = false;

  private:
    // How a request's body goes: its length if known (else chunked), and whether the
    // server's go-ahead is awaited first.
    struct Framing {
        std::optional<std::uint64_t> length;
        bool chunked = false;
        bool expect_continue = false;
    };

    // One request-response on a connection from the pool (retried once more on another
    // connection when a pooled one turns out to have been closed by the server).
    Coro<std::unique_ptr<Exchange>> exchange(std::string method, URL url,
                                             const RequestOptions* options, RequestTimes times,
                                             bool cross_origin);
    // The steps of one exchange. Pointers, not references: each is awaited at once by its
    // caller, whose frame owns what they point to.
    Coro<ConnectionPool::Lease> lease(std::string key, const Exchange* exchange);
    Coro<> send(Exchange* exchange, const RequestOptions* options, const Route* route);
    Coro<bool> await_continue(Exchange* exchange);
    Coro<bool> wait_continue(Exchange* exchange);
    Coro<> read_head(Exchange* exchange);
    Coro<> discard_body(std::unique_ptr<Exchange> exchange);
    Coro<std::unique_ptr<Connection>> connect(const Route* route, const Exchange* exchange);
    Coro<> open_tunnel(StreamReader* reader, StreamWriter* writer, const Route* route,
                       const Exchange* exchange);
    Route route_for(const URL& url) const;
    const SSLContext& tls();
    std::string request_head(const Exchange& exchange, const RequestOptions& options,
                             const Route& route, const Framing& framing) const;

    ClientOptions options_;
    Headers defaults_;               // the client's fields and the defaults (User-Agent, Accept...)
    std::optional<SSLContext> tls_;  // made on the first https request
    ConnectionPool pool_;
};

}  // namespace asyncio::http::detail
