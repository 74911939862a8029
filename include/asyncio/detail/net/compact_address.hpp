// A SocketAddress kept in little space, for what is stored per connection: an IPv4 or IPv6
// address (the common case) sits inline in 28 bytes, any other (a Unix path) on the heap.
// A SocketAddress is 136 bytes, the size of the largest address the kernel can hand out; a
// server with ten thousand connections would keep over two megabytes of it, mostly zeros.
#pragma once

#include <netinet/in.h>

#include <cstring>
#include <memory>
#include <optional>

#include "asyncio/net/address.hpp"

namespace asyncio::detail {

class CompactAddress {
  public:
    CompactAddress() = default;
    explicit CompactAddress(const SocketAddress& address) {
        if (address.size() <= sizeof inline_) {
            std::memcpy(&inline_, address.data(), address.size());
            size_ = address.size();
        } else {
            other_ = std::make_unique<SocketAddress>(address);
        }
    }

    // Empty if none was stored.
    std::optional<SocketAddress> get() const {
        if (other_) return *other_;
        if (size_ == 0) return std::nullopt;
        return SocketAddress(reinterpret_cast<const sockaddr*>(&inline_), size_);
    }

  private:
    sockaddr_in6 inline_{};  // the largest IP address
    socklen_t size_ = 0;     // of `inline_`; 0 when empty or on the heap
    std::unique_ptr<SocketAddress> other_;
};

}  // namespace asyncio::detail
