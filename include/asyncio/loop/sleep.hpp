// `co_await asyncio::sleep(duration)`: suspends the current task for at least `duration`.
//
// `sleep(0s)` (or any duration <= 0) is a plain yield: the task goes to the back of the
// ready queue and runs again on the loop's next turn, without touching the timer heap.
// A sleep allocates nothing: its timer node lives in the awaiter, in the task's frame.
// Cancelling a sleeping task removes its timer at once; the sleep then throws
// CancelledError.
#pragma once

#include <chrono>
#include <coroutine>

#include "asyncio/detail/core/task_core.hpp"
#include "asyncio/detail/loop/timer_queue.hpp"
#include "asyncio/loop/clock.hpp"
#include "asyncio/loop/event_loop.hpp"

namespace asyncio {

class SleepAwaiter : private detail::CancelHook, private detail::TimerNode {
  public:
    // Until it is armed, the node's deadline holds the delay, and once armed the node holds
    // the task it wakes: a sleeping task keeps two fields less.
    explicit SleepAwaiter(Clock::duration delay) noexcept { when = Clock::time_point(delay); }
    // Movable until it is awaited, so that a combinator can take it (wait_for(sleep(5s), 1s)).
    SleepAwaiter(SleepAwaiter&& idle) noexcept : SleepAwaiter(idle.when.time_since_epoch()) {}
    SleepAwaiter(const SleepAwaiter&) = delete;
    SleepAwaiter& operator=(const SleepAwaiter&) = delete;
    ~SleepAwaiter() {
        if (armed()) detail::LoopAccess::timers(detail::loop_of(*task)).remove(*this);
    }

    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> self) {
        detail::TaskCore& current = detail::TaskCore::current_or_throw("sleep()");
        const Clock::duration delay = when.time_since_epoch();
        set_task(current);
        if (delay <= Clock::duration::zero()) {
            current.suspend(self, nullptr);
            current.wake();
            return;
        }
        EventLoop& loop = detail::loop_of(current);
        detail::LoopAccess::timers(loop).push(*this, loop.time() + delay);
        current.suspend(self, this);
    }
    void await_resume() { task->throw_if_cancel_requested(); }

  private:
    bool cancel(detail::TaskCore& sleeper) noexcept override {
        detail::LoopAccess::timers(detail::loop_of(sleeper)).remove(*this);
        sleeper.wake();
        return false;  // the task raises CancelledError itself
    }
};

template <class Rep, class Period>
SleepAwaiter sleep(std::chrono::duration<Rep, Period> delay) noexcept {
    return SleepAwaiter(std::chrono::ceil<Clock::duration>(delay));
}

}  // namespace asyncio
