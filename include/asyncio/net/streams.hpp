// Python's high-level streams: `open_connection` / `open_unix_connection` give a
// (StreamReader, StreamWriter) pair over a new connection.
//
//   auto [reader, writer] = co_await asyncio::open_connection("example.com", 443,
//                                                              {.ssl =
//                                                              SSLContext::create_default_context()});
//   writer.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
//   std::string status = co_await reader.readline();
//
// TCP connections have TCP_NODELAY on (as in Python): a write goes out at once. With `ssl`,
// the TLS handshake runs before the streams are handed out; the peer is checked against
// `server_hostname` (by default, the host connected to).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/net/connection.hpp"
#include "asyncio/net/ssl_context.hpp"
#include "asyncio/net/stream_reader.hpp"
#include "asyncio/net/stream_writer.hpp"

namespace asyncio {

struct StreamOptions {
    std::size_t limit = StreamReader::kDefaultLimit;
    std::optional<SSLContext> ssl;
    std::string server_hostname;  // empty: the host
    std::chrono::milliseconds ssl_handshake_timeout = std::chrono::seconds(60);
    ConnectOptions connect;
    bool keep_alive = false;  // SO_KEEPALIVE
};

using Streams = std::pair<StreamReader, StreamWriter>;

Coro<Streams> open_connection(std::string host, std::uint16_t port, StreamOptions options);
Coro<Streams> open_unix_connection(std::string path, StreamOptions options);
// Streams over a socket that is already connected (Python's `sock=` argument).
Coro<Streams> open_connection(Socket socket, StreamOptions options);

// (No default arguments: g++ 12 destroys an aggregate temporary in a co_await expression
// twice, so the overloads without options make theirs where no co_await is. For the same
// reason, with g++ 12 name an options struct in a variable rather than writing it inline.)
inline Coro<Streams> open_connection(std::string host, std::uint16_t port) {
    return open_connection(std::move(host), port, StreamOptions());
}
inline Coro<Streams> open_unix_connection(std::string path) {
    return open_unix_connection(std::move(path), StreamOptions());
}
inline Coro<Streams> open_connection(Socket socket) {
    return open_connection(std::move(socket), StreamOptions());
}

}  // namespace asyncio
