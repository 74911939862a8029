// The bytes a stream has been asked to write and the kernel has not taken yet.
//
// Small writes are copied into the last chunk (so a burst of lines becomes one buffer);
// a large string handed over by value is kept as its own chunk, without a copy. `gather`
// gives the front chunks as an iovec array for one writev, `consume` drops what was sent.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace asyncio::detail {

class WriteQueue {
  public:
    static constexpr std::size_t kCoalesceLimit = 16 * 1024;

    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }  // bytes

    void append(std::string_view data);
    void append(std::string&& data);
    // Fills up to `max` iovecs from the front; returns how many.
    int gather(iovec* out, int max) const noexcept;
    void consume(std::size_t n) noexcept;
    void clear() noexcept;

  private:
    std::deque<std::string> chunks_;
    std::size_t sent_ = 0;  // of the front chunk
    std::size_t size_ = 0;
};

}  // namespace asyncio::detail
