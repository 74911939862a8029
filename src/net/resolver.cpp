#include "asyncio/net/resolver.hpp"

#include <netdb.h>

#include <memory>

#include "asyncio/loop/to_thread.hpp"
#include "asyncio/net/errors.hpp"

namespace asyncio {
namespace {

std::vector<AddrInfo> resolve_blocking(const std::string& host, std::uint16_t port,
                                       AddrInfoHints hints) {
    addrinfo request{};
    request.ai_family = hints.family;
    request.ai_socktype = hints.type;
    request.ai_flags = hints.flags | AI_ADDRCONFIG;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    const int status =
        ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &request, &found);
    if (status != 0) throw GaiError(status, host);
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(found, &::freeaddrinfo);
    std::vector<AddrInfo> result;
    for (const addrinfo* info = found; info; info = info->ai_next) {
        result.push_back({info->ai_family, info->ai_socktype, info->ai_protocol,
                          SocketAddress(info->ai_addr, info->ai_addrlen)});
    }
    return result;
}

}  // namespace

Coro<std::vector<AddrInfo>> getaddrinfo(std::string host, std::uint16_t port, AddrInfoHints hints) {
    if (SocketAddress::is_numeric_host(host)) {
        SocketAddress address = SocketAddress::ip(host, port);
        if (hints.family == AF_UNSPEC || hints.family == address.family()) {
            const int protocol = hints.type == SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP;
            co_return std::vector<AddrInfo>{{address.family(), hints.type, protocol, address}};
        }
    }
    co_return co_await to_thread(&resolve_blocking, std::move(host), port, hints);
}

}  // namespace asyncio
