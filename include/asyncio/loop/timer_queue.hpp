// The loop's timers: a binary min-heap of intrusive nodes ordered by deadline.
//
// A node lives in whatever owns the timer (a sleeping awaiter, a call_later callback), so
// arming a timer allocates nothing once the heap has grown. Each node knows its index in the
// heap, so cancelling one (most timeouts are cancelled before they fire) is O(log n) with no
// search. Timers with the same deadline fire in the order they were armed.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace asyncio {

using Clock = std::chrono::steady_clock;

namespace detail {

struct TimerNode {
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    Clock::time_point when{};
    std::uint64_t sequence = 0;
    std::size_t index = npos;
    void (*fire)(TimerNode&) noexcept = nullptr;

    bool armed() const noexcept { return index != npos; }
};

class TimerQueue {
  public:
    bool empty() const noexcept { return heap_.empty(); }
    std::size_t size() const noexcept { return heap_.size(); }
    Clock::time_point next_deadline() const noexcept { return heap_.front()->when; }

    void push(TimerNode& node, Clock::time_point when);
    void remove(TimerNode& node) noexcept;
    // Fires, in deadline order, every timer due at `now`, removing it first.
    void fire_due(Clock::time_point now);
    // Removes every timer, handing each to `discard` (for the loop's teardown).
    template <class F>
    void clear(F discard) {
        std::vector<TimerNode*> nodes;
        nodes.swap(heap_);
        for (TimerNode* node : nodes) {
            node->index = TimerNode::npos;
            discard(*node);
        }
    }

  private:
    static bool before(const TimerNode* a, const TimerNode* b) noexcept {
        return a->when < b->when || (a->when == b->when && a->sequence < b->sequence);
    }
    void place(TimerNode* node, std::size_t index) noexcept {
        heap_[index] = node;
        node->index = index;
    }
    void sift_up(std::size_t index) noexcept;
    void sift_down(std::size_t index) noexcept;

    std::vector<TimerNode*> heap_;
    std::uint64_t next_sequence_ = 0;
};

}  // namespace detail
}  // namespace asyncio
