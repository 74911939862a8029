// `getaddrinfo(host, port)`: name resolution off the loop (Python's `loop.getaddrinfo`).
//
// The system resolver blocks, so it runs on the loop's thread pool; a numeric host
// ("127.0.0.1", "::1") is answered at once, without a thread. Cancelling the await stops
// the waiting at once (the lookup finishes on its thread and is dropped). A name that
// does not resolve raises GaiError, naming the host.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/net/address.hpp"

namespace asyncio {

struct AddrInfo {
    int family;    // AF_INET, AF_INET6
    int type;      // SOCK_STREAM, SOCK_DGRAM
    int protocol;  // IPPROTO_TCP...
    SocketAddress address;
};

struct AddrInfoHints {
    int family = AF_UNSPEC;
    int type = SOCK_STREAM;
    int flags = 0;  // AI_PASSIVE for addresses to listen on...
};
// So that `{.family = ...}` written inside a co_await is safe with g++ 12 (see streams.hpp).
static_assert(std::is_trivially_destructible_v<AddrInfoHints>);

// An empty `host` with AI_PASSIVE means every local interface.
Coro<std::vector<AddrInfo>> getaddrinfo(std::string host, std::uint16_t port, AddrInfoHints hints);
inline Coro<std::vector<AddrInfo>> getaddrinfo(std::string host, std::uint16_t port) {
    return getaddrinfo(std::move(host), port, AddrInfoHints());
}

}  // namespace asyncio
