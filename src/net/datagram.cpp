#include "asyncio/net/datagram.hpp"

#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>

#include "asyncio/net/errors.hpp"
#include "asyncio/net/resolver.hpp"

namespace asyncio {
namespace {

Coro<SocketAddress> resolve(HostPort where, int family) {
    AddrInfoHints hints;
    hints.family = family;
    hints.type = SOCK_DGRAM;
    hints.flags = AI_PASSIVE;
    std::vector<AddrInfo> found = co_await getaddrinfo(where.first, where.second, hints);
    if (found.empty()) throw GaiError(EAI_NONAME, where.first);
    co_return found.front().address;
}

}  // namespace

Coro<std::pair<std::string, SocketAddress>> DatagramEndpoint::recvfrom(std::size_t max_size) {
    const std::span<char> area = detail::receive_area().first(std::min(max_size, kMaxDatagram));
    auto [n, peer] = co_await socket_.recvfrom(area);
    co_return std::pair{std::string(area.data(), n), peer};
}

Coro<std::string> DatagramEndpoint::recv(std::size_t max_size) {
    const std::span<char> area = detail::receive_area().first(std::min(max_size, kMaxDatagram));
    const std::size_t n = co_await socket_.recv(area);
    co_return std::string(area.data(), n);
}

Coro<> DatagramEndpoint::sendto(std::string data, SocketAddress address) {
    co_await socket_.sendto(data, address);
}

Coro<> DatagramEndpoint::send(std::string data) { co_await socket_.send(data); }

Coro<DatagramEndpoint> create_datagram_endpoint(std::optional<HostPort> local_addr,
                                                std::optional<HostPort> remote_addr,
                                                DatagramOptions options) {
    if (!local_addr && !remote_addr) {
        throw ValueError("create_datagram_endpoint(): a local or a remote address is needed");
    }
    std::optional<SocketAddress> remote;
    if (remote_addr) remote = co_await resolve(std::move(*remote_addr), options.family);
    const int family = remote ? remote->family() : options.family;
    std::optional<SocketAddress> local;
    if (local_addr) local = co_await resolve(std::move(*local_addr), family);
    Socket socket = Socket::create(remote ? remote->family() : local->family(), SOCK_DGRAM);
    if (options.reuse_port) socket.set_option(SOL_SOCKET, SO_REUSEPORT, 1);
    if (options.allow_broadcast) socket.set_option(SOL_SOCKET, SO_BROADCAST, 1);
    if (local) socket.bind(*local);
    if (remote) co_await socket.connect(*remote);  // immediate for UDP: sets the peer
    co_return DatagramEndpoint(std::move(socket));
}

}  // namespace asyncio
