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
//   and every handler to finish.
// - Cancelling `serve_forever()` (Ctrl-C in `asyncio::run`) shuts the server down in order:
//   it stops listening, cancels the handlers, and waits for them to finish.
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
    int backlog = 100;
    bool reuse_address = true;
    bool reuse_port = false;
    bool keep_alive = false;
    SSLContextRef ssl;  // a server context: every connection speaks TLS
    std::chrono::milliseconds ssl_handshake_timeout = std::chrono::seconds(60);
    std::chrono::milliseconds accept_retry_delay = std::chrono::seconds(1);  // Python's
    bool start_serving = true;
};
// Trivially destructible, so safe to write inline in a co_await with g++ 12 (see streams.hpp).
static_assert(std::is_trivially_destructible_v<ServerOptions>);

using ClientConnected = std::function<Coro<>(StreamReader, StreamWriter)>;

class Server {
  public:
    struct State;
    explicit Server(std::shared_ptr<State> state);

    // Stops listening (the sockets close now). Connections go on.
    void close();
    void close_clients();  // closes every connection (their queued bytes are sent first)
    void abort_clients();  // closes every connection now
    Coro<> wait_closed();
    Coro<> start_serving();
    // Serves until cancelled, then shuts down (see above).
    Coro<> serve_forever();
    bool is_serving() const noexcept;
    // The listening sockets (empty once closed): `server.sockets()[0].sockname().port()`.
    const std::vector<Socket>& sockets() const noexcept;
    std::size_t active_connections() const noexcept;
    State& state() const noexcept { return *state_; }

  private:
    std::shared_ptr<State> state_;
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
