// The bytes a stream has received and not yet handed out: one buffer per stream.
//
// Reads land in its free tail; consuming moves the start forward, and the bytes left are
// moved to the front only when the tail runs short. Storage is not zero-filled, grows to fit
// what is asked of it (a long line, up to the reader's limit and one read more), starting
// from `kFirstCapacity` (a connection that only ever gets short messages keeps little), and is
// given back when the buffer empties after growing past its usual size, so an idle connection
// keeps at most `kUsualCapacity` bytes (or what `keep_capacity` says).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace asyncio::detail {

class ReadBuffer {
  public:
    static constexpr std::size_t kFirstCapacity = 512;
    static constexpr std::size_t kUsualCapacity = 4 * 1024;

    std::size_t size() const noexcept { return end_ - begin_; }
    bool empty() const noexcept { return begin_ == end_; }
    std::string_view view() const noexcept { return {storage_.get() + begin_, size()}; }

    // Hands out the first `n` bytes (n <= size()).
    std::string take(std::size_t n);
    void consume(std::size_t n) noexcept;
    void clear() noexcept { consume(size()); }

    // A writable tail of at least `min_free` bytes (more if there is room); `commit` then
    // says how many were written.
    std::span<char> tail(std::size_t min_free);
    void commit(std::size_t n) noexcept { end_ += n; }
    void append(std::string_view data);
    // Keeps up to `n` bytes of storage when the buffer empties (instead of kUsualCapacity):
    // a stream that receives bulk data (an HTTP client's bodies) then reads straight into it,
    // without a copy from the thread's receive area and an allocation per read.
    void keep_capacity(std::size_t n) noexcept { keep_ = n; }

  private:
    std::unique_ptr<char[]> storage_;
    std::size_t capacity_ = 0;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
    std::size_t keep_ = kUsualCapacity;
};

}  // namespace asyncio::detail
