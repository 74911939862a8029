// Python's high-level streams: `open_connection` / `open_unix_connection` give a
// (StreamReader, StreamWriter) pair over a new connection.
//
//   auto ctx = asyncio::SSLContext::create_default_context();
//   auto [reader, writer] = co_await asyncio::open_connection("example.com", 443, {.ssl = ctx});
//   writer.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
//   std::string status = co_await reader.readline();
//
// TCP connections have TCP_NODELAY on (as in Python): a write goes out at once. With `ssl`,
// the TLS handshake runs before the streams are handed out; the peer is checked against
// `server_hostname` (by default, the host connected to).
//
// The option structs (StreamOptions, ServerOptions, ConnectOptions, DatagramOptions,
// AddrInfoHints, RunOptions) are trivially destructible, so that `{.ssl = ctx}` may be
// written inline in a `co_await` with every compiler: g++ 12 destroys an aggregate temporary
// in a co_await expression twice, which frees memory twice for a struct that owns any. So
// `ssl` refers to a named SSLContext (an SSLContextRef) and text is held inline (a
// FixedString); the calls copy the context before they return, so the options need not
// outlive the call.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/fixed_string.hpp"
#include "asyncio/net/connection.hpp"
#include "asyncio/net/ssl_context.hpp"
#include "asyncio/net/stream_reader.hpp"
#include "asyncio/net/stream_writer.hpp"

namespace asyncio {

struct StreamOptions {
    std::size_t limit = StreamReader::kDefaultLimit;
    SSLContextRef ssl{};                 // none: plain TCP
    FixedString<255> server_hostname{};  // empty: the host
    std::chrono::milliseconds ssl_handshake_timeout = std::chrono::seconds(60);
    ConnectOptions connect{};
    bool keep_alive = false;  // SO_KEEPALIVE
};
static_assert(std::is_trivially_destructible_v<StreamOptions>);

using Streams = std::pair<StreamReader, StreamWriter>;

namespace detail {
// The coroutines behind the calls below; `ssl` is the copy of `options.ssl` to use (the
// options' own reference is not followed once the call has returned).
Coro<Streams> open_connection(std::string host, std::uint16_t port, StreamOptions options,
                              std::optional<SSLContext> ssl);
Coro<Streams> open_unix_connection(std::string path, StreamOptions options,
                                   std::optional<SSLContext> ssl);
Coro<Streams> open_connection(Socket socket, StreamOptions options, std::optional<SSLContext> ssl);
}  // namespace detail

inline Coro<Streams> open_connection(std::string host, std::uint16_t port,
                                     const StreamOptions& options = {}) {
    return detail::open_connection(std::move(host), port, options, options.ssl.copy());
}
inline Coro<Streams> open_unix_connection(std::string path, const StreamOptions& options = {}) {
    return detail::open_unix_connection(std::move(path), options, options.ssl.copy());
}
// Streams over a socket that is already connected (Python's `sock=` argument).
inline Coro<Streams> open_connection(Socket socket, const StreamOptions& options = {}) {
    return detail::open_connection(std::move(socket), options, options.ssl.copy());
}

}  // namespace asyncio
