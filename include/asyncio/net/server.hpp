// `start_server(handler, host, port)`: Python's asyncio.start_server. Each accepted
// connection runs `handler(reader, writer)` as a task of its own.
//
//   asyncio::Server server = co_await asyncio::start_server(handle_client, "127.0.0.1", 8888);
//   co_await server.serve_forever();
//
// - A handler that fails is reported (with the peer's address) and its connection closed;
//   the server goes on. A handler's writer closes its connection when the handler returns.
// - `close()` stops listening; connections go on until `close_clients()` / `abort_clients()`
//   (Python 3.13) or their handlers end. `wait_closed()` waits for the server to be closed
//   and every handler to finish. A handler that returns while its writer still has bytes
//   queued counts until they are sent (or the connection is aborted).
// - `co_await shutdown(grace)` is the graceful stop that always ends: it stops listening,
//   closes every connection once its queued bytes are sent (`close_clients()`), waits at most
//   `grace` for the handlers to finish, then aborts what is left (`abort_clients()`) and
//   cancels the handlers still running, and waits for them. Cancelling `shutdown()` skips
//   the rest of the grace period: it aborts at once, then raises CancelledError.
// - Cancelling `serve_forever()` (Ctrl-C in `asyncio::run`) shuts the server down in order:
//   it stops listening, cancels the handlers, and waits for them to finish, for at most
//   `shutdown_grace` (a handler that awaits `wait_closed()` to a client that never reads
//   would otherwise hang it); then it aborts what is left, as `shutdown()` does. During a
//   `shutdown()` already under way, it aborts at once.
// - Limits on what one client costs: `idle_timeout` closes a connection on which no byte
//   moved, either way, for that long (nothing received from the peer and nothing sent to
//   it, whatever the handler is doing): its queue is dropped, and the handler's reads and
//   `drain()` raise TimeoutError, as a `wait_for(reader.readline(), t)` would. Left uncaught
//   in the handler, that TimeoutError is not reported: closing is the server's own doing.
//   The check is coarse (a timer per connection every quarter of the timeout, not a timer
//   per read): a connection is closed after between 1 and 1.25 times `idle_timeout`.
//   `max_connections` stops accepting while that many connections are open; new ones wait
//   in the backlog (the kernel completes their handshake) until one ends, as a semaphore
//   around accept would, rather than being accepted and closed.
// - `backlog` is the system's maximum by default (net.core.somaxconn, 4096 on current
//   Linux), not Python's 100, which drops connections under a burst of connects.
// - When the process runs out of file descriptors (EMFILE and kin), accepting pauses for
//   `accept_retry_delay` instead of spinning; pending connections wait in the backlog.
// - An empty host listens on every interface; a host with several addresses ("localhost")
//   gets a listening socket for each (IPv6 ones with IPV6_V6ONLY, as Python does).
// `Server` is a shared handle; when the last copy goes, the server closes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/net/socket.hpp"
#include "asyncio/net/ssl_context.hpp"
#include "asyncio/net/stream_reader.hpp"
#include "asyncio/net/stream_writer.hpp"

namespace asyncio {

struct ServerOptions {
    std::size_t limit = StreamReader::kDefaultLimit;
    int family = AF_UNSPEC;
    std::optional<int> backlog{};  // empty: the system's maximum (/proc/sys/net/core/somaxconn)
    bool reuse_address = true;
    bool reuse_port = false;
    bool keep_alive = false;
    SSLContextRef ssl{};  // a server context: every connection speaks TLS
    std::chrono::milliseconds ssl_handshake_timeout = std::chrono::seconds(60);
    std::chrono::milliseconds accept_retry_delay = std::chrono::seconds(1);  // Python's
    bool start_serving = true;  // false: bound now, listening only from start_serving()
    // How long shutdown() (and a cancelled serve_forever()) lets connections finish before
    // aborting them.
    std::chrono::milliseconds shutdown_grace = std::chrono::seconds(10);
    // 0: no limit. A connection on which no byte moved for this long is closed (see above).
    std::chrono::milliseconds idle_timeout{0};
    // 0: no limit. At most this many connections at once; further ones wait in the backlog.
    std::size_t max_connections = 0;
};
// Trivially destructible, so safe to write inline in a co_await with g++ 12 (see streams.hpp).
static_assert(std::is_trivially_destructible_v<ServerOptions>);

using ClientConnected = std::function<Coro<>(StreamReader, StreamWriter)>;

namespace detail {
struct ServerState;
struct ServerAccess;  // the library's way to a server's state (src/net/server.cpp)
}  // namespace detail

class Server {
  public:
    // Stops listening (the sockets close now). Connections go on.
    void close();
    void close_clients();  // closes every connection (their queued bytes are sent first)
    void abort_clients();  // closes every connection now
    Coro<> wait_closed();
    Coro<> start_serving();
    // Stops the server within `grace` (see above); returns once every handler has ended.
    Coro<> shutdown(std::chrono::milliseconds grace);
    Coro<> shutdown();  // with the options' shutdown_grace
    // Serves until cancelled, then shuts down (see above).
    Coro<> serve_forever();
    bool is_serving() const noexcept;
    // The listening sockets (empty once closed): `server.sockets()[0].sockname().port()`.
    const std::vector<Socket>& sockets() const noexcept;
    std::size_t active_connections() const noexcept;

  private:
    friend struct detail::ServerAccess;
    explicit Server(std::shared_ptr<detail::ServerState> state) noexcept;

    std::shared_ptr<detail::ServerState> state_;
};

// Serves on sockets already listening (Python's `sock=`).
Server serve_sockets(ClientConnected handler, std::vector<Socket> listeners,
                     ServerOptions options = {});

namespace detail {
// The coroutines behind start_server / start_unix_server; `ssl` is the copy of
// `options.ssl` to use (see streams.hpp).
Coro<Server> start_server(ClientConnected handler, std::string host, std::uint16_t port,
                          ServerOptions options, std::optional<SSLContext> ssl);
Coro<Server> start_unix_server(ClientConnected handler, std::string path, ServerOptions options,
                               std::optional<SSLContext> ssl);
}  // namespace detail

inline Coro<Server> start_server(ClientConnected handler, std::string host, std::uint16_t port,
                                 const ServerOptions& options = {}) {
    return detail::start_server(std::move(handler), std::move(host), port, options,
                                options.ssl.copy());
}
inline Coro<Server> start_unix_server(ClientConnected handler, std::string path,
                                      const ServerOptions& options = {}) {
    return detail::start_unix_server(std::move(handler), std::move(path), options,
                                     options.ssl.copy());
}

}  // namespace asyncio
