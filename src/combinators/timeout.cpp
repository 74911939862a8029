#include "asyncio/combinators/timeout.hpp"

namespace asyncio::detail {

TimeoutState::TimeoutState(TaskCore& task, std::optional<Clock::time_point> when)
    : task_(task), cancelling_(task.cancelling()) {
    fire = &on_deadline;
    reschedule(when);
}

void TimeoutState::disarm() noexcept {
    if (armed()) loop_of(task_).timers().remove(*this);
}

void TimeoutState::reschedule(std::optional<Clock::time_point> when) {
    if (state_ != State::entered)
        throw RuntimeError("Timeout::reschedule(): the timeout has " +
                           std::string(state_ == State::exited ? "ended" : "expired"));
    disarm();
    deadline_ = when;
    // A deadline already passed fires on the loop's next turn, as Python's call_soon does.
    if (when) loop_of(task_).timers().push(*this, *when);
}

void TimeoutState::on_deadline(TimerNode& node) noexcept {
    auto& self = static_cast<TimeoutState&>(node);
    self.state_ = State::expiring;
    self.task_.cancel();
}

void TimeoutState::leave(std::exception_ptr error) {
    disarm();
    if (state_ != State::expiring) {
        state_ = State::exited;
        if (error) std::rethrow_exception(error);
        return;
    }
    state_ = State::expired;
    // Ours if no other cancellation was requested meanwhile. Taking our request back also
    // drops it if it was never delivered (the block finished first: its result stands).
    const bool ours = task_.uncancel() <= cancelling_;
    if (!error) return;
    if (ours) {
        try {
            std::rethrow_exception(error);
        } catch (const CancelledError&) {
            throw TimeoutError();
        } catch (...) {
        }
    }
    std::rethrow_exception(error);
}

}  // namespace asyncio::detail
