// `SocketAddress`: an IPv4, IPv6 or Unix-domain socket address, as a value.
//
// Made from a numeric host and a port (`SocketAddress::ip("::1", 8080)`) or a path
// (`SocketAddress::unix_path("/run/app.sock")`), or handed out by the socket calls
// (`peername`, `sockname`, `recvfrom`). `to_string()` gives the form people write:
// "127.0.0.1:8080", "[::1]:8080", "/run/app.sock".
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace asyncio {

class SocketAddress {
  public:
    SocketAddress() noexcept;  // empty: family AF_UNSPEC
    SocketAddress(const sockaddr* address, socklen_t size) noexcept;

    // A numeric IPv4 or IPv6 host (no name lookup: see getaddrinfo). ValueError if `host`
    // is not one.
    static SocketAddress ip(std::string_view host, std::uint16_t port);
    // True if `host` is a numeric IPv4 or IPv6 address.
    static bool is_numeric_host(std::string_view host) noexcept;
    static SocketAddress unix_path(std::string_view path);

    int family() const noexcept { return storage_.ss_family; }
    bool empty() const noexcept { return family() == AF_UNSPEC; }
    // The numeric host ("127.0.0.1", "::1"), or the path of a Unix address.
    std::string host() const;
    std::uint16_t port() const noexcept;  // 0 for Unix addresses
    std::string to_string() const;

    const sockaddr* data() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
    sockaddr* data() noexcept { return reinterpret_cast<sockaddr*>(&storage_); }
    socklen_t size() const noexcept { return size_; }
    // For calls that fill an address in: the capacity, then the size they report.
    socklen_t* size_slot() noexcept {
        size_ = sizeof storage_;
        return &size_;
    }

    friend bool operator==(const SocketAddress& a, const SocketAddress& b) noexcept;

  private:
    sockaddr_storage storage_;
    socklen_t size_;
};

}  // namespace asyncio
