#include "asyncio/net/address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstring>

#include "asyncio/core/errors.hpp"

namespace asyncio {

SocketAddress::SocketAddress() noexcept : storage_{}, size_(0) { storage_.ss_family = AF_UNSPEC; }

SocketAddress::SocketAddress(const sockaddr* address, socklen_t size) noexcept : storage_{} {
    size_ = size < sizeof storage_ ? size : sizeof storage_;
    std::memcpy(&storage_, address, size_);
}

bool SocketAddress::is_numeric_host(std::string_view host) noexcept {
    if (host.empty() || host.size() >= INET6_ADDRSTRLEN) return false;
    char text[INET6_ADDRSTRLEN];
    std::memcpy(text, host.data(), host.size());
    text[host.size()] = '\0';
    unsigned char scratch[sizeof(in6_addr)];
    return ::inet_pton(AF_INET, text, scratch) == 1 || ::inet_pton(AF_INET6, text, scratch) == 1;
}

SocketAddress SocketAddress::ip(std::string_view host, std::uint16_t port) {
    SocketAddress address;
    char text[INET6_ADDRSTRLEN] = {};
    if (!host.empty() && host.size() < sizeof text) {
        std::memcpy(text, host.data(), host.size());
        auto* v4 = reinterpret_cast<sockaddr_in*>(&address.storage_);
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&address.storage_);
        if (::inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
            v4->sin_family = AF_INET;
            v4->sin_port = htons(port);
            address.size_ = sizeof *v4;
            return address;
        }
        if (::inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
            v6->sin6_family = AF_INET6;
            v6->sin6_port = htons(port);
            address.size_ = sizeof *v6;
            return address;
        }
    }
    throw ValueError("not a numeric IP address: '" + std::string(host) + "'");
}

SocketAddress SocketAddress::unix_path(std::string_view path) {
    SocketAddress address;
    auto* un = reinterpret_cast<sockaddr_un*>(&address.storage_);
    if (path.empty() || path.size() >= sizeof un->sun_path) {
        throw ValueError("Unix socket path empty or too long: '" + std::string(path) + "'");
    }
    un->sun_family = AF_UNIX;
    std::memcpy(un->sun_path, path.data(), path.size());
    address.size_ = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
    return address;
}

std::string SocketAddress::host() const {
    char text[INET6_ADDRSTRLEN] = {};
    switch (family()) {
        case AF_INET:
            ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, text,
                        sizeof text);
            return text;
        case AF_INET6:
            ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr,
                        text, sizeof text);
            return text;
        case AF_UNIX: {
            const auto* un = reinterpret_cast<const sockaddr_un*>(&storage_);
            const std::size_t offset = offsetof(sockaddr_un, sun_path);
            if (size_ <= offset) return {};  // an unnamed socket
            return std::string(un->sun_path, strnlen(un->sun_path, size_ - offset));
        }
        default:
            return {};
    }
}

std::uint16_t SocketAddress::port() const noexcept {
    switch (family()) {
        case AF_INET:
            return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
        case AF_INET6:
            return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
        default:
            return 0;
    }
}

std::string SocketAddress::to_string() const {
    switch (family()) {
        case AF_INET:
            return host() + ":" + std::to_string(port());
        case AF_INET6: {
            // Appended in order: `"[" + host()` inserts at the front of a temporary, where
            // g++ 12 at -O3 warns of an overlapping copy that cannot happen (-Wrestrict).
            std::string text = "[";
            text += host();
            text += "]:";
            text += std::to_string(port());
            return text;
        }
        case AF_UNIX:
            return host();
        default:
            return "<no address>";
    }
}

bool operator==(const SocketAddress& a, const SocketAddress& b) noexcept {
    return a.size_ == b.size_ && std::memcmp(&a.storage_, &b.storage_, a.size_) == 0;
}

}  // namespace asyncio
