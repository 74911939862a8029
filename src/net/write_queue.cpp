#include "asyncio/detail/net/write_queue.hpp"

namespace asyncio::detail {

void WriteQueue::append(std::string_view data) {
    if (data.empty()) return;
    if (chunks_.empty() || chunks_.back().size() + data.size() > kCoalesceLimit) {
        chunks_.emplace_back();
        chunks_.back().reserve(data.size() < kCoalesceLimit ? kCoalesceLimit / 4 : data.size());
    }
    chunks_.back().append(data);
    size_ += data.size();
}

void WriteQueue::append(std::string&& data) {
    if (data.size() < kCoalesceLimit) return append(std::string_view(data));
    size_ += data.size();
    chunks_.push_back(std::move(data));
}

int WriteQueue::gather(iovec* out, int max) const noexcept {
    int count = 0;
    std::size_t skip = sent_;
    for (auto it = chunks_.begin(); it != chunks_.end() && count < max; ++it, skip = 0) {
        out[count++] = iovec{const_cast<char*>(it->data()) + skip, it->size() - skip};
    }
    return count;
}

void WriteQueue::consume(std::size_t n) noexcept {
    size_ -= n;
    n += sent_;
    while (!chunks_.empty() && n >= chunks_.front().size()) {
        n -= chunks_.front().size();
        chunks_.pop_front();
    }
    sent_ = chunks_.empty() ? 0 : n;
}

void WriteQueue::clear() noexcept {
    chunks_.clear();
    sent_ = size_ = 0;
}

}  // namespace asyncio::detail
