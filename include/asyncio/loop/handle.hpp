// Handles to callbacks scheduled with `call_soon`, `call_later` and `call_at`.
//
// A handle can cancel its callback until it has run; a cancelled timer leaves the timer heap
// at once. Dropping the handle does not cancel: the loop keeps the callback until it runs.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

#include "asyncio/detail/core/scheduler.hpp"
#include "asyncio/detail/loop/timer_queue.hpp"
#include "asyncio/loop/clock.hpp"

namespace asyncio {

namespace detail {

// A scheduled callback, shared by the loop (until it runs) and the handles to it.
struct Callback : TimerNode {
    std::uint32_t refs = 1;
    bool cancelled = false;
    bool running = false;
    TimerQueue* timers = nullptr;  // set while the callback waits in a timer heap
    std::function<void()> fn;

    void add_ref() noexcept { ++refs; }
    void release() noexcept {
        if (--refs == 0) delete this;
    }
    // Ready-queue entry: runs the callback unless it was cancelled (or is discarded), and
    // drops the queue's reference.
    static void run(void* self, Action action) noexcept;
    // Timer-heap entry: a call_later/call_at callback is due.
    static void fire_timer(TimerNode& node) noexcept;
};

}  // namespace detail

class Handle {
  public:
    Handle() noexcept = default;
    Handle(const Handle& other) noexcept : Handle() { *this = other; }
    Handle(Handle&& other) noexcept : callback_(std::exchange(other.callback_, nullptr)) {}
    Handle& operator=(const Handle& other) noexcept {
        if (other.callback_) other.callback_->add_ref();
        if (callback_) callback_->release();
        callback_ = other.callback_;
        return *this;
    }
    Handle& operator=(Handle&& other) noexcept {
        std::swap(callback_, other.callback_);
        return *this;
    }
    ~Handle() {
        if (callback_) callback_->release();
    }

    // Prevents the callback from running; no effect once it has run.
    void cancel() noexcept;
    bool cancelled() const noexcept { return callback_ && callback_->cancelled; }

  protected:
    friend class EventLoop;  // a handle comes from call_soon
    explicit Handle(detail::Callback& callback) noexcept : callback_(&callback) {
        callback_->add_ref();
    }

    detail::Callback* callback_ = nullptr;
};

class TimerHandle : public Handle {
  public:
    TimerHandle() noexcept = default;
    // The loop time at which the callback is due.
    Clock::time_point when() const noexcept { return callback_->when; }

  private:
    friend class EventLoop;  // from call_later and call_at
    explicit TimerHandle(detail::Callback& callback) noexcept : Handle(callback) {}
};

}  // namespace asyncio
