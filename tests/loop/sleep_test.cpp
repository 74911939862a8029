#include "asyncio/loop/sleep.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <coroutine>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/errors.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "support/test_support.hpp"

namespace {

using asyncio::Clock;
using asyncio::Coro;
using asyncio::EventLoop;
using namespace asyncio_test;
using namespace std::chrono_literals;

Coro<> alternate(std::vector<std::string>* log, std::string name, int rounds) {
    for (int i = 1; i <= rounds; ++i) {
        log->push_back(name + std::to_string(i));
        co_await asyncio::sleep(0s);
    }
}

Coro<> run_two(std::vector<std::string>* log) {
    auto a = asyncio::create_task(alternate(log, "A", 4));
    auto b = asyncio::create_task(alternate(log, "B", 4));
    co_await a;
    co_await b;
}

TEST(Sleep, ZeroYieldsExactlyOneTurn) {
    std::vector<std::string> log;
    EventLoop loop;
    safety_stop(loop);
    loop.run_until_complete(run_two(&log));
    EXPECT_EQ(log, (std::vector<std::string>{"A1", "B1", "A2", "B2", "A3", "B3", "A4", "B4"}));
}

Coro<> yield_n_times(int n, int* done) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
    *done = n;
}

TEST(Sleep, ZeroYieldInterleavesWithCallbacksTurnByTurn) {
    // A callback that reschedules itself counts turns; a task yielding 5 times takes 5 more
    // turns than its first step.
    int turns = 0;
    int done = 0;
    int turns_when_done = -1;
    std::function<void()> tick;
    EventLoop loop;
    tick = [&] {
        ++turns;
        if (done != 0 && turns_when_done < 0) turns_when_done = turns;
        if (turns_when_done < 0) loop.call_soon(tick);
    };
    safety_stop(loop);
    auto task = loop.create_task(yield_n_times(5, &done));
    loop.call_soon(tick);
    loop.run_until_complete(task);
    EXPECT_EQ(done, 5);
    // Turn 1 runs the task's first step, turns 2..5 its next four, and turn 6 the last, which
    // finishes it. The tick runs after the task in every turn, so it sees the end in turn 6.
    EXPECT_EQ(turns_when_done, 6);
}

Coro<> sleep_for(Clock::duration d) { co_await asyncio::sleep(d); }

// The timers the loop holds once a task has begun to sleep for `d`. The sleep is long enough
// (or not positive) that it cannot end before it is counted, however slow the machine.
Coro<std::size_t> timers_while_sleeping(Clock::duration d) {
    EventLoop& loop = asyncio::get_running_loop();
    auto sleeper = asyncio::create_task(sleep_for(d));
    co_await asyncio::sleep(0s);  // the sleeper's first step runs first: it begins to sleep
    const std::size_t seen = asyncio::detail::LoopAccess::timers(loop).size();
    sleeper.cancel();
    try {
        co_await sleeper;
    } catch (const asyncio::CancelledError&) {
    }
    co_return seen;
}

TEST(Sleep, ZeroAndNegativeDurationsDoNotArmATimer) {
    EventLoop loop;
    safety_stop(loop);
    const std::size_t baseline = asyncio::detail::LoopAccess::timers(loop).size();
    EXPECT_EQ(loop.run_until_complete(timers_while_sleeping(0s)), baseline);
    EXPECT_EQ(loop.run_until_complete(timers_while_sleeping(-5s)), baseline);
    EXPECT_EQ(loop.run_until_complete(timers_while_sleeping(1h)), baseline + 1);
}

Coro<Clock::duration> time_a_sleep(Clock::duration d) {
    EventLoop& loop = asyncio::get_running_loop();
    const auto start = loop.time();
    co_await asyncio::sleep(d);
    co_return loop.time() - start;
}

TEST(Sleep, SleepsAtLeastTheDuration) {
    EventLoop loop;
    safety_stop(loop);
    EXPECT_GE(loop.run_until_complete(time_a_sleep(30ms)), 30ms);
    EXPECT_GE(loop.run_until_complete(time_a_sleep(1ms)), 1ms);
    EXPECT_GE(loop.run_until_complete(time_a_sleep(1500us)), 1500us);
}

Coro<Clock::duration> sleep_fractional_seconds() {
    EventLoop& loop = asyncio::get_running_loop();
    const auto start = loop.time();
    co_await asyncio::sleep(std::chrono::duration<double>(0.015));  // Python's sleep(0.015)
    co_return loop.time() - start;
}

TEST(Sleep, AcceptsAnyDurationType) {
    EventLoop loop;
    safety_stop(loop);
    EXPECT_GE(loop.run_until_complete(sleep_fractional_seconds()), 15ms);
}

Coro<> sleep_then_log(std::vector<int>* log, int id, Clock::duration d) {
    co_await asyncio::sleep(d);
    log->push_back(id);
}

Coro<> start_sleepers(std::vector<int>* log, std::vector<int> delays_ms) {
    std::vector<asyncio::Task<>> tasks;
    for (int ms : delays_ms) {
        tasks.push_back(
            asyncio::create_task(sleep_then_log(log, ms, std::chrono::milliseconds(ms))));
    }
    for (auto& t : tasks) co_await t;
}

TEST(Sleep, ManySleepersWakeInDeadlineOrder) {
    std::vector<int> delays;
    for (int i = 1; i <= 30; ++i) delays.push_back(i * 3);
    std::mt19937 rng(7);
    std::shuffle(delays.begin(), delays.end(), rng);
    std::vector<int> log;
    EventLoop loop;
    safety_stop(loop);
    loop.run_until_complete(start_sleepers(&log, delays));
    std::vector<int> sorted = delays;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(log, sorted);
}

Coro<> start_equal_sleepers(std::vector<int>* log) {
    std::vector<asyncio::Task<>> tasks;
    for (int id = 0; id < 10; ++id) {
        tasks.push_back(asyncio::create_task(sleep_then_log(log, id, 5ms)));
    }
    for (auto& t : tasks) co_await t;
}

TEST(Sleep, EqualSleepsStartedInOneTurnWakeInStartOrder) {
    std::vector<int> log;
    EventLoop loop;
    safety_stop(loop);
    loop.run_until_complete(start_equal_sleepers(&log));
    EXPECT_EQ(log, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

struct CancelRecord {
    bool caught = false;
    std::string message_in_sleeper;
    std::size_t timers_before_cancel = 0;
    std::size_t timers_after_cancel = 0;
    bool awaiter_saw_cancelled = false;
    std::string message_at_awaiter;
};

Coro<> sleep_an_hour(CancelRecord* rec) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const asyncio::CancelledError& e) {
        rec->caught = true;
        rec->message_in_sleeper = e.message();
        throw;
    }
}

Coro<> cancel_a_sleeper(CancelRecord* rec) {
    EventLoop& loop = asyncio::get_running_loop();
    auto sleeper = asyncio::create_task(sleep_an_hour(rec));
    co_await asyncio::sleep(0s);  // the sleeper starts and arms its timer
    rec->timers_before_cancel = asyncio::detail::LoopAccess::timers(loop).size();
    EXPECT_TRUE(sleeper.cancel("stop it"));
    rec->timers_after_cancel =
        asyncio::detail::LoopAccess::timers(loop).size();  // right after cancel(), before any turn
    try {
        co_await sleeper;
    } catch (const asyncio::CancelledError& e) {
        rec->awaiter_saw_cancelled = true;
        rec->message_at_awaiter = e.message();
    }
    EXPECT_TRUE(sleeper.cancelled());
    EXPECT_FALSE(sleeper.cancel("again")) << "cancel() of a done task returns false";
}

TEST(Sleep, CancellingASleepingTaskRemovesItsTimerAtOnce) {
    CancelRecord rec;
    EventLoop loop;
    safety_stop(loop);
    const std::size_t baseline = asyncio::detail::LoopAccess::timers(loop).size();
    const auto start = loop.time();
    loop.run_until_complete(cancel_a_sleeper(&rec));
    EXPECT_LT(loop.time() - start, 1h);
    EXPECT_EQ(rec.timers_before_cancel, baseline + 1);
    EXPECT_EQ(rec.timers_after_cancel, baseline);
    EXPECT_TRUE(rec.caught);
    EXPECT_EQ(rec.message_in_sleeper, "stop it");
    EXPECT_TRUE(rec.awaiter_saw_cancelled);
    EXPECT_EQ(rec.message_at_awaiter, "stop it");
    EXPECT_EQ(asyncio::detail::LoopAccess::timers(loop).size(), baseline);
}

Coro<int> swallow_cancellation_and_go_on(bool* caught) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const asyncio::CancelledError&) {
        *caught = true;
        asyncio::current_task().uncancel();
    }
    co_await asyncio::sleep(1ms);  // sleeping again works normally
    co_return 7;
}

Coro<int> cancel_once_and_await(bool* caught) {
    auto task = asyncio::create_task(swallow_cancellation_and_go_on(caught));
    co_await asyncio::sleep(0s);
    task.cancel();
    co_return co_await task;
}

TEST(Sleep, ACancelledSleepCanBeCaughtAndTheTaskGoesOn) {
    bool caught = false;
    EventLoop loop;
    safety_stop(loop);
    EXPECT_EQ(loop.run_until_complete(cancel_once_and_await(&caught)), 7);
    EXPECT_TRUE(caught);
}

Coro<std::size_t> cancel_self_then_sleep(EventLoop* loop, std::string* message) {
    asyncio::current_task().cancel("self");
    try {
        co_await asyncio::sleep(1h);  // cancelled at once: it never waits
    } catch (const asyncio::CancelledError& e) {
        *message = e.message();
    }
    co_return asyncio::detail::LoopAccess::timers(*loop).size();
}

TEST(Sleep, ATaskCancelledWhileRunningIsCancelledAtItsNextSleep) {
    std::string message;
    EventLoop loop;
    safety_stop(loop);
    const std::size_t baseline = asyncio::detail::LoopAccess::timers(loop).size();
    const auto start = loop.time();
    EXPECT_EQ(loop.run_until_complete(cancel_self_then_sleep(&loop, &message)), baseline);
    EXPECT_EQ(message, "self");
    EXPECT_LT(loop.time() - start, 1h);
}

Coro<> yield_then_log(std::vector<std::string>* log) {
    try {
        co_await asyncio::sleep(0s);
        log->push_back("resumed normally");
    } catch (const asyncio::CancelledError&) {
        log->push_back("cancelled");
        throw;
    }
}

Coro<> cancel_a_yielding_task(std::vector<std::string>* log) {
    auto task = asyncio::create_task(yield_then_log(log));
    co_await asyncio::sleep(0s);  // the task has now yielded
    task.cancel();
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        log->push_back("awaiter saw it");
    }
}

TEST(Sleep, ZeroSleepIsACancellationPoint) {
    std::vector<std::string> log;
    EventLoop loop;
    safety_stop(loop);
    loop.run_until_complete(cancel_a_yielding_task(&log));
    EXPECT_EQ(log, (std::vector<std::string>{"cancelled", "awaiter saw it"}));
}

TEST(Sleep, OutsideATaskThrowsRuntimeError) {
    // No loop at all.
    {
        auto awaiter = asyncio::sleep(1s);
        EXPECT_THROW(awaiter.await_suspend(std::noop_coroutine()), asyncio::RuntimeError);
        auto yield = asyncio::sleep(0s);
        EXPECT_THROW(yield.await_suspend(std::noop_coroutine()), asyncio::RuntimeError);
    }
    // A running loop, but in a plain callback rather than a task.
    EventLoop loop;
    bool threw = false;
    std::size_t timers_after = 999;
    loop.call_soon([&] {
        auto awaiter = asyncio::sleep(1s);
        try {
            awaiter.await_suspend(std::noop_coroutine());
        } catch (const asyncio::RuntimeError&) {
            threw = true;
        }
        timers_after = asyncio::detail::LoopAccess::timers(loop).size();
        loop.stop();
    });
    safety_stop(loop);
    const std::size_t baseline = asyncio::detail::LoopAccess::timers(loop).size();
    loop.run_forever();
    EXPECT_TRUE(threw);
    EXPECT_EQ(timers_after, baseline) << "a failed sleep must leave no timer behind";
}

}  // namespace
