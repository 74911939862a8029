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
#include <functional>
#include <vector>

#include "asyncio/loop/clock.hpp"

namespace asyncio {

namespace detail {

class TaskCore;
class TraceRecorder;

struct TimerNode {
    static constexpr std::uint32_t npos = static_cast<std::uint32_t>(-1);

    Clock::time_point when{};
    // What firing does: call `fire`, or, for a sleeping task (the commonest timer by far),
    // wake `task`, which spares every sleep a pointer.
    union {
        void (*fire)(TimerNode&) noexcept = nullptr;
        TaskCore* task;
    };
    std::uint32_t sequence : 31 = 0;  // orders equal deadlines; compared modulo 2^31
    std::uint32_t wakes_task : 1 = 0;
    std::uint32_t index = npos;

    bool armed() const noexcept { return index != npos; }
    void set_fire(void (*f)(TimerNode&) noexcept) noexcept {
        fire = f;
        wakes_task = 0;
    }
    void set_task(TaskCore& t) noexcept {
        task = &t;
        wakes_task = 1;
    }
    bool fires(void (*f)(TimerNode&) noexcept) const noexcept { return !wakes_task && fire == f; }
};

class TimerQueue {
  public:
    bool empty() const noexcept { return heap_.empty(); }
    std::size_t size() const noexcept { return heap_.size(); }
    Clock::time_point next_deadline() const noexcept { return heap_.front()->when; }

    void push(TimerNode& node, Clock::time_point when) {
        if (tracer_) [[unlikely]]
            trace_push(node, when);
        arm(node, when);
    }
    // Takes a timer out before it fires (cancelled).
    void remove(TimerNode& node) noexcept {
        if (tracer_ && node.armed()) [[unlikely]]
            trace_cancel(node);
        unlink(node);
    }
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

    // Traced (see trace_recorder.hpp): timers armed, cancelled and fired are recorded;
    // `now` is the loop's clock, for their delays. Null: not traced.
    void set_tracer(TraceRecorder* tracer, std::function<Clock::time_point()> now) {
        tracer_ = tracer;
        now_ = std::move(now);
    }

  private:
    void arm(TimerNode& node, Clock::time_point when);
    void unlink(TimerNode& node) noexcept;
    void trace_push(const TimerNode& node, Clock::time_point when) noexcept;
    void trace_cancel(const TimerNode& node) noexcept;
    void fire_one(TimerNode& node);
    void fire_traced(TimerNode& node);

    static bool before(const TimerNode* a, const TimerNode* b) noexcept {
        if (a->when != b->when) return a->when < b->when;
        // Wrap-around safe: timers with the same deadline are armed close together. The
        // difference, shifted to the top bit, is negative modulo 2^31 if `a` was armed first.
        const auto difference = static_cast<std::uint32_t>(a->sequence - b->sequence);
        return static_cast<std::int32_t>(difference << 1) < 0;
    }
    void place(TimerNode* node, std::size_t index) noexcept {
        heap_[index] = node;
        node->index = static_cast<std::uint32_t>(index);
    }
    void sift_up(std::size_t index) noexcept;
    void sift_down(std::size_t index) noexcept;

    std::vector<TimerNode*> heap_;
    std::uint32_t next_sequence_ = 0;
    TraceRecorder* tracer_ = nullptr;
    std::function<Clock::time_point()> now_;
};

}  // namespace detail
}  // namespace asyncio
