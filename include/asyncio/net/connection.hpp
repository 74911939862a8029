// `create_connection(host, port)`: a connected TCP socket, the way a client should make one.
//
// The host is resolved off the loop (numeric hosts at once). With one address, it is tried;
// with several, Happy Eyeballs (RFC 8305, as Python's `happy_eyeballs_delay`): attempts
// start `happy_eyeballs_delay` apart, or as soon as the one before fails, IPv6 and IPv4
// interleaved; the first to connect wins and the others are cancelled and closed. With no
// delay, the addresses are tried one after the other. When every attempt fails, the error
// says so for each address. Cancelling (a timeout around it) closes every attempt.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "asyncio/core/coro.hpp"
#include "asyncio/net/address.hpp"
#include "asyncio/net/socket.hpp"

namespace asyncio {

struct ConnectOptions {
    int family = AF_UNSPEC;  // AF_INET or AF_INET6 to use one family only
    // RFC 8305's recommended 250 ms. Python's default is no delay: one address at a time;
    // racing is the better default for users, so we take it.
    std::optional<std::chrono::milliseconds> happy_eyeballs_delay = std::chrono::milliseconds(250);
    int interleave = 1;                            // addresses of the first family before switching
    std::optional<SocketAddress> local_address{};  // bind to this first
};

// Trivially destructible, so safe to write inline in a co_await with g++ 12 (see streams.hpp).
static_assert(std::is_trivially_destructible_v<ConnectOptions>);

Coro<Socket> create_connection(std::string host, std::uint16_t port, ConnectOptions options = {});

}  // namespace asyncio
