// The bytes a stream has been asked to write and the kernel has not taken yet.
//
// Small writes are copied into the last chunk, so a burst of lines becomes a few buffers; a
// new chunk is twice the size of the one before (512 bytes first, at most 16 KiB), so an idle
// connection's queue stays small and a busy one's grows without copying what it holds. A
// large string handed over by value is kept as its own chunk, without a copy. `gather` gives
// the front chunks as an iovec array for one writev, `consume` drops what was sent. An empty
// queue holds no memory at all.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace asyncio::detail {

class WriteQueue {
  public:
    static constexpr std::size_t kFirstChunk = 512;
    static constexpr std::size_t kCoalesceLimit = 16 * 1024;

    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }  // bytes

    void append(std::string_view data) {
        if (data.size() <= room_) [[likely]] {  // the common case: no allocation, one copy
            std::memcpy(tail_, data.data(), data.size());
            tail_ += data.size();
            room_ -= data.size();
            chunks_.back().used += data.size();
            size_ += data.size();
            return;
        }
        append_to_new_chunk(data);
    }
    void append(std::string&& data);
    // Fills up to `max` iovecs from the front; returns how many.
    int gather(iovec* out, int max) const noexcept;
    void consume(std::size_t n) noexcept;
    void clear() noexcept;

  private:
    struct Chunk {
        std::unique_ptr<char[]> bytes;  // a buffer that writes are copied into
        std::string given;              // or a string handed over whole
        std::size_t used = 0;
        const char* data() const noexcept { return bytes ? bytes.get() : given.data(); }
    };
    void append_to_new_chunk(std::string_view data);

    std::vector<Chunk> chunks_;  // a few at most; empty (no allocation) while idle
    std::size_t sent_ = 0;       // of the front chunk
    std::size_t size_ = 0;
    char* tail_ = nullptr;  // the free space of the last chunk, if it is a buffer
    std::size_t room_ = 0;
    std::size_t next_capacity_ = kFirstChunk;
};

}  // namespace asyncio::detail
