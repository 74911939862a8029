#include "asyncio/detail/net/write_queue.hpp"

#include <algorithm>

namespace asyncio::detail {

void WriteQueue::append_to_new_chunk(std::string_view data) {
    if (data.empty()) return;
    const std::size_t capacity = std::max(next_capacity_, data.size());
    next_capacity_ = std::min(2 * next_capacity_, kCoalesceLimit);
    Chunk& chunk = chunks_.emplace_back();
    chunk.bytes = std::make_unique_for_overwrite<char[]>(capacity);
    std::memcpy(chunk.bytes.get(), data.data(), data.size());
    chunk.used = data.size();
    tail_ = chunk.bytes.get() + data.size();
    room_ = capacity - data.size();
    size_ += data.size();
}

void WriteQueue::append(std::string&& data) {
    if (data.size() < kCoalesceLimit) return append(std::string_view(data));
    size_ += data.size();
    Chunk& chunk = chunks_.emplace_back();
    chunk.used = data.size();
    chunk.given = std::move(data);
    tail_ = nullptr;  // what follows goes into a new buffer
    room_ = 0;
}

int WriteQueue::gather(iovec* out, int max) const noexcept {
    int count = 0;
    std::size_t skip = sent_;
    for (auto it = chunks_.begin(); it != chunks_.end() && count < max; ++it, skip = 0) {
        out[count++] = iovec{const_cast<char*>(it->data()) + skip, it->used - skip};
    }
    return count;
}

void WriteQueue::consume(std::size_t n) noexcept {
    size_ -= n;
    n += sent_;
    auto sent_whole = chunks_.begin();
    while (sent_whole != chunks_.end() && n >= sent_whole->used) n -= (sent_whole++)->used;
    if (sent_whole == chunks_.end()) return clear();  // an idle connection starts small again
    chunks_.erase(chunks_.begin(), sent_whole);
    sent_ = n;
}

void WriteQueue::clear() noexcept {
    chunks_ = std::vector<Chunk>();  // gives the memory back
    sent_ = size_ = room_ = 0;
    tail_ = nullptr;
    next_capacity_ = kFirstChunk;
}

}  // namespace asyncio::detail
