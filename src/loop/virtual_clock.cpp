#include "asyncio/loop/virtual_clock.hpp"

#include "asyncio/core/errors.hpp"

namespace asyncio {
namespace {

Clock::duration checked_threshold(Clock::duration threshold) {
    if (threshold < Clock::duration::zero())
        throw ValueError("a virtual clock's autojump threshold cannot be negative");
    return threshold;
}

}  // namespace

VirtualClock::VirtualClock(Clock::duration autojump_threshold)
    : state_(std::make_shared<State>(State{Clock::now(), checked_threshold(autojump_threshold)})) {}

void VirtualClock::jump(Clock::duration d) {
    if (d < Clock::duration::zero()) throw ValueError("a virtual clock cannot jump backwards");
    state_->now += d;
}

void VirtualClock::set_autojump_threshold(Clock::duration threshold) {
    state_->threshold = checked_threshold(threshold);
}

void VirtualClock::advance_to(Clock::time_point when) noexcept {
    if (when > state_->now) state_->now = when;
}

}  // namespace asyncio
