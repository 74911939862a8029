#include "asyncio/detail/net/read_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace asyncio::detail {

std::string ReadBuffer::take(std::size_t n) {
    std::string bytes(storage_.get() + begin_, n);
    consume(n);
    return bytes;
}

void ReadBuffer::consume(std::size_t n) noexcept {
    begin_ += n;
    if (begin_ != end_) return;
    begin_ = end_ = 0;
    if (capacity_ > keep_) {  // a burst is over: give its memory back
        storage_.reset();
        capacity_ = 0;
    }
}

std::span<char> ReadBuffer::tail(std::size_t min_free) {
    if (capacity_ == 0 && keep_ > kUsualCapacity) min_free = std::max(min_free, keep_);  // bulk
    if (capacity_ - end_ < min_free) {
        const std::size_t used = size();
        if (capacity_ - used >= min_free && begin_ >= used) {
            std::memcpy(storage_.get(), storage_.get() + begin_, used);  // no overlap
        } else if (capacity_ - used >= min_free) {
            std::memmove(storage_.get(), storage_.get() + begin_, used);
        } else {
            const std::size_t capacity = std::max({kFirstCapacity, 2 * capacity_, used + min_free});
            auto grown = std::make_unique_for_overwrite<char[]>(capacity);
            if (used) std::memcpy(grown.get(), storage_.get() + begin_, used);
            storage_ = std::move(grown);
            capacity_ = capacity;
        }
        begin_ = 0;
        end_ = used;
    }
    return {storage_.get() + end_, capacity_ - end_};
}

void ReadBuffer::append(std::string_view data) {
    if (data.empty()) return;
    std::memcpy(tail(data.size()).data(), data.data(), data.size());
    commit(data.size());
}

}  // namespace asyncio::detail
