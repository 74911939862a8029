// Timeouts: `timeout`, `timeout_at` around a block of awaits, and `wait_for` around one.
//
//   co_await asyncio::timeout(10s, [&]() -> asyncio::Coro<> {      // async with timeout(10):
//       co_await long_running();
//   });
//   co_await asyncio::timeout(10s, [&](asyncio::Timeout cm) -> asyncio::Coro<> {
//       cm.reschedule(asyncio::get_running_loop().time() + 20s);   // move the deadline
//   });
//   int v = co_await asyncio::wait_for(fetch(), 2s);                // one awaitable
//   co_await asyncio::wait_for(event.wait(), 2s);                   // any awaitable
//
// Python's rules (3.12): when the deadline passes, the task running the block is cancelled;
// the block unwinds (its awaits raise CancelledError, its cleanup runs), and at the scope
// that set the deadline the cancellation becomes `TimeoutError`. Nested timeouts each turn
// only their own cancellation into a TimeoutError: an inner deadline that fires raises
// TimeoutError out of the inner block, an outer one passes through the inner block as
// CancelledError and becomes TimeoutError at the outer one. A cancellation from anywhere
// else stays a CancelledError. A result that arrives at the moment of the deadline (the
// block finishes before the cancellation is delivered) is returned, not lost, and the
// undelivered cancellation is taken back.
//
// The block is a function taking nothing or a `Timeout` handle, or a Coro itself. The
// function returns a Coro<T> when it awaits, or void or a value when it does not (a lambda
// returning Coro<> with no co_await in it is not a coroutine: see detail/core/scope_body.hpp). (A
// scope function rather than an object: see task_group.hpp for why.)
#pragma once

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/detail/core/awaitable.hpp"
#include "asyncio/detail/core/scope_body.hpp"
#include "asyncio/detail/loop/timer_queue.hpp"
#include "asyncio/loop/clock.hpp"
#include "asyncio/loop/event_loop.hpp"

namespace asyncio {

namespace detail {

// One timeout scope: its deadline timer and the cancellation bookkeeping.
class TimeoutState : private TimerNode {
  public:
    // A deadline at a loop time (none: until rescheduled), or a delay from now (one clock
    // read fewer: wait_for's common case).
    using Deadline = std::variant<std::optional<Clock::time_point>, Clock::duration>;
    TimeoutState(TaskCore& task, Deadline deadline);
    ~TimeoutState() { disarm(); }
    TimeoutState(const TimeoutState&) = delete;
    TimeoutState& operator=(const TimeoutState&) = delete;

    void reschedule(std::optional<Clock::time_point> when);
    std::optional<Clock::time_point> deadline() const noexcept { return deadline_; }
    bool expired() const noexcept { return state_ == State::expiring || state_ == State::expired; }

    // Leaving the block: with `error` null (it finished) or what it threw. Rethrows the
    // error, or TimeoutError if the error is this scope's own cancellation.
    void leave(std::exception_ptr error);

  private:
    enum class State : std::uint8_t { entered, expiring, expired, exited };

    struct Expiry;
    static void on_deadline(TimerNode& node) noexcept;
    static void expire(void* expiry, Action action) noexcept;
    void arm(Clock::time_point when, Clock::time_point now);
    void disarm() noexcept;

    TaskCore& task_;
    Expiry* expiry_ = nullptr;  // a deadline that fired, on its way through the ready queue
    std::optional<Clock::time_point> deadline_;
    std::uint32_t cancelling_;  // the task's pending cancellations when the block began
    State state_ = State::entered;
};

}  // namespace detail

// The handle a timeout block may take, Python's `async with timeout(...) as cm`.
class Timeout {
  public:
    // The deadline (loop time), or none.
    std::optional<Clock::time_point> when() const noexcept { return state_->deadline(); }
    // Moves the deadline; nullopt removes it. A deadline already passed fires on the next turn.
    void reschedule(std::optional<Clock::time_point> when) { state_->reschedule(when); }
    // The deadline has passed (the block was, or is being, cancelled because of it).
    bool expired() const noexcept { return state_->expired(); }

  private:
    friend struct detail::ScopeAccess;
    explicit Timeout(detail::TimeoutState& state) noexcept : state_(&state) {}

    detail::TimeoutState* state_;
};

namespace detail {

template <class B>
auto start_block(B& block, Timeout handle) {
    if constexpr (std::is_invocable_v<B&, Timeout>) {
        return call_body(block, handle);
    } else if constexpr (std::is_invocable_v<B&>) {
        return call_body(block);
    } else {
        return std::move(block);  // a Coro
    }
}

template <class B>
using BlockResult =
    typename decltype(start_block(std::declval<B&>(), std::declval<Timeout>()))::value_type;

}  // namespace detail

namespace detail {

template <class B>
Coro<BlockResult<B>> with_deadline(TimeoutState::Deadline deadline, B block) {
    using R = BlockResult<B>;
    TimeoutState state(TaskCore::current_or_throw("timeout()"), deadline);
    std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> result{};
    try {
        if constexpr (std::is_void_v<R>) {
            co_await start_block(block, ScopeAccess::make<Timeout>(state));
        } else {
            result.emplace(co_await start_block(block, ScopeAccess::make<Timeout>(state)));
        }
    } catch (...) {
        state.leave(std::current_exception());
    }
    state.leave(nullptr);
    if constexpr (!std::is_void_v<R>) co_return std::move(*result);
}

}  // namespace detail

// Runs `block` with a deadline at loop time `when` (none: no deadline until rescheduled).
template <class B>
Coro<detail::BlockResult<std::decay_t<B>>> timeout_at(std::optional<Clock::time_point> when,
                                                      B&& block) {
    detail::check_callable_temporary<B>();
    return detail::named_frame(detail::with_deadline(when, std::decay_t<B>(std::forward<B>(block))),
                               "asyncio::timeout_at");
}

// Runs `block` with a deadline `delay` from now.
template <class Rep, class Period, class B>
Coro<detail::BlockResult<std::decay_t<B>>> timeout(std::chrono::duration<Rep, Period> delay,
                                                   B&& block) {
    detail::check_callable_temporary<B>();
    return detail::named_frame(detail::with_deadline(std::chrono::ceil<Clock::duration>(delay),
                                                     std::decay_t<B>(std::forward<B>(block))),
                               "asyncio::timeout");
}

namespace detail {

// wait_for() with no time at all (Python 3.12): the coroutine never starts.
template <class T>
Coro<T> time_out_unstarted(Coro<T> coro) {
    if (auto frame = coro.release()) frame.destroy();
    co_await std::suspend_never{};  // a coroutine: the error comes at the co_await, as in Python
    throw TimeoutError();
}

// ... and a task that is not done is cancelled and waited for; TimeoutError if it ends
// cancelled (a task that swallows the cancellation still hands over its outcome).
template <class T>
Coro<T> cancel_and_wait(Task<T> task) {
    if (task.done()) co_return co_await std::move(task);
    const std::uint32_t cancelling = TaskCore::current_or_throw("wait_for()").cancelling();
    task.cancel();
    try {
        co_return co_await std::move(task);
    } catch (const CancelledError&) {
        // Our own cancellation stays one.
        if (!task.cancelled() || TaskCore::current()->cancelling() > cancelling) throw;
    }
    throw TimeoutError();
}

}  // namespace detail

// Awaits `aw` (a Coro, run inline, or a Task, cancelled if the time runs out) for at most
// `delay`; TimeoutError after that. With `delay <= 0` (Python 3.12): a Coro never starts and
// the co_await raises TimeoutError; a Task that is done gives its result, one that is not is
// cancelled first.
template <class T, class Rep, class Period>
Coro<T> wait_for(Coro<T> aw, std::chrono::duration<Rep, Period> delay) {
    if (delay <= delay.zero()) return detail::time_out_unstarted(std::move(aw));
    return detail::named_frame(timeout(delay, std::move(aw)), "asyncio::wait_for");
}
template <class T, class Rep, class Period>
Coro<T> wait_for(Task<T> aw, std::chrono::duration<Rep, Period> delay) {
    if (delay <= delay.zero()) return detail::cancel_and_wait(std::move(aw));
    return detail::named_frame(timeout(delay, detail::await_in_coro(std::move(aw))),
                               "asyncio::wait_for");
}
// Any other awaitable (`wait_for(asyncio::sleep(30s), 5s)`, an Event's wait()...) is awaited
// inline, as a Coro is.
template <detail::Awaitable A, class Rep, class Period>
Coro<detail::AwaitResult<A>> wait_for(A aw, std::chrono::duration<Rep, Period> delay) {
    return wait_for(detail::await_in_coro(std::move(aw)), delay);
}

}  // namespace asyncio
