// `asyncio::VirtualClock`: deterministic time for tests (Trio's MockClock with autojump, the
// test loop of asyncio's own suite).
//
//   asyncio::run(main(), {.clock = asyncio::VirtualClock()});
//
// A loop on a virtual clock reads its time from the clock instead of steady_clock. The time
// starts at steady_clock's reading when the clock is made and moves only forward, in jumps:
// whenever no task can run and no I/O is ready, the loop jumps the clock to its next timer.
// A test of a 30-second timeout then takes microseconds, and every run orders its timers the
// same way. `jump(d)` moves the clock by hand.
//
// The loop jumps as soon as it sees nothing to do, so work it cannot see does not hold time
// back: a thread running `to_thread`, another process, a network peer. Give such work real
// time with `autojump_threshold`: the loop then waits that long for I/O or a thread before it
// jumps. Copies of a clock share one time: keep a copy to `jump()` it while the loop runs.
#pragma once

#include <memory>

#include "asyncio/loop/clock.hpp"

namespace asyncio {

class VirtualClock {
  public:
    explicit VirtualClock(Clock::duration autojump_threshold = Clock::duration::zero());

    Clock::time_point now() const noexcept { return state_->now; }
    // Moves the time forward by `d`; ValueError if `d` is negative. Timers that fall due
    // fire on the loop's next turn.
    void jump(Clock::duration d);
    // How long the loop waits, in real time, for I/O or another thread before it jumps.
    Clock::duration autojump_threshold() const noexcept { return state_->threshold; }
    void set_autojump_threshold(Clock::duration threshold);

    // The loop's side: the time becomes `when`, unless it is past that already.
    void advance_to(Clock::time_point when) noexcept;

  private:
    struct State {
        Clock::time_point now;
        Clock::duration threshold;
    };
    std::shared_ptr<State> state_;
};

}  // namespace asyncio
