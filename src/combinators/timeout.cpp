#include "asyncio/combinators/timeout.hpp"

#include <utility>

namespace asyncio::detail {

TimeoutState::TimeoutState(TaskCore& task, Deadline deadline)
    : task_(task), cancelling_(task.cancelling()) {
    set_fire(&on_deadline);
    if (const auto* delay = std::get_if<Clock::duration>(&deadline)) {
        const Clock::time_point now = loop_of(task_).time();
        arm(now + *delay, now);
    } else {
        reschedule(std::get<0>(deadline));
    }
}

// A deadline that fired goes through the ready queue, as Python's timer callbacks do, so
// that a callback due at the same time and armed earlier runs first (its result is not
// lost). The scope may end before the expiry runs: the expiry then finds no scope.
struct TimeoutState::Expiry {
    TimeoutState* scope;
    int refs;  // the scope's and the ready queue's
    void release() noexcept {
        if (--refs == 0) delete this;
    }
};

void TimeoutState::disarm() noexcept {
    if (armed()) detail::LoopAccess::timers(loop_of(task_)).remove(*this);
    if (expiry_) {
        expiry_->scope = nullptr;
        std::exchange(expiry_, nullptr)->release();
    }
}

void TimeoutState::reschedule(std::optional<Clock::time_point> when) {
    if (state_ != State::entered)
        throw RuntimeError("Timeout::reschedule(): the timeout has " +
                           std::string(state_ == State::exited ? "ended" : "expired"));
    disarm();
    deadline_ = when;
    if (when) arm(*when, loop_of(task_).time());
}

void TimeoutState::arm(Clock::time_point when, Clock::time_point now) {
    deadline_ = when;
    if (when <= now) {
        on_deadline(*this);  // already passed: expires on the next turn (Python's call_soon)
    } else {
        detail::LoopAccess::timers(loop_of(task_)).push(*this, when);
    }
}

void TimeoutState::on_deadline(TimerNode& node) noexcept {
    auto& self = static_cast<TimeoutState&>(node);
    self.expiry_ = new Expiry{&self, 2};
    self.task_.scheduler().schedule(&expire, self.expiry_);
}

void TimeoutState::expire(void* arg, Action action) noexcept {
    auto* expiry = static_cast<Expiry*>(arg);
    TimeoutState* self = expiry->scope;
    if (self && action == Action::run) {
        self->expiry_ = nullptr;
        expiry->release();  // the scope's reference
        self->state_ = State::expiring;
        self->task_.cancel();
    }
    expiry->release();
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
