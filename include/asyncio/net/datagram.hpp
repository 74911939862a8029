// UDP: `create_datagram_endpoint(local_addr, remote_addr)` gives a `DatagramEndpoint` with
// coroutine `recvfrom` / `sendto` (Python's create_datagram_endpoint, with awaitable calls
// in place of a protocol's callbacks).
//
//   auto endpoint =
//       co_await asyncio::create_datagram_endpoint(asyncio::HostPort{"127.0.0.1", 9999});
//   auto [data, peer] = co_await endpoint.recvfrom();
//   co_await endpoint.sendto(data, peer);
//
// With a remote address the endpoint is connected: `send` / `recv` talk to that peer only.
// A datagram is delivered whole or not at all; one longer than the size asked for is cut,
// as the system does. Receiving waits (cancellably); sending waits only when the socket's
// buffer is full.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "asyncio/core/coro.hpp"
#include "asyncio/net/socket.hpp"

namespace asyncio {

using HostPort = std::pair<std::string, std::uint16_t>;

// Trivially destructible on purpose: safe to write inline in a co_await with g++ 12.
struct DatagramOptions {
    int family = AF_UNSPEC;
    bool reuse_port = false;
    bool allow_broadcast = false;
};
static_assert(std::is_trivially_destructible_v<DatagramOptions>);

class DatagramEndpoint {
  public:
    static constexpr std::size_t kMaxDatagram = 65535;

    explicit DatagramEndpoint(Socket socket) noexcept : socket_(std::move(socket)) {}

    Coro<std::pair<std::string, SocketAddress>> recvfrom(std::size_t max_size = kMaxDatagram);
    Coro<> sendto(std::string data, SocketAddress address);
    // For a connected endpoint.
    Coro<std::string> recv(std::size_t max_size = kMaxDatagram);
    Coro<> send(std::string data);

    SocketAddress sockname() const { return socket_.sockname(); }
    void close() noexcept { socket_.close(); }
    bool is_closing() const noexcept { return !socket_.is_open(); }
    Socket& socket() noexcept { return socket_; }

  private:
    Socket socket_;
};

Coro<DatagramEndpoint> create_datagram_endpoint(std::optional<HostPort> local_addr,
                                                std::optional<HostPort> remote_addr = {},
                                                DatagramOptions options = {});

}  // namespace asyncio
