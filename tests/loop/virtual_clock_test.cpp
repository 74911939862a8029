// The virtual clock: time that jumps to the next timer whenever the loop has nothing to do,
// so that long waits take no real time and every run orders its timers the same way.
#include "asyncio/loop/virtual_clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "asyncio/asyncio.hpp"

namespace {

using asyncio::Clock;
using asyncio::Coro;
using asyncio::VirtualClock;
using namespace std::chrono_literals;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(asyncio::get_running_loop().time() - start).count();
}

Coro<> sleeper(std::vector<std::string>* log, Clock::time_point start, std::string name,
               Clock::duration delay) {
    co_await asyncio::sleep(delay);
    log->push_back(name + "@" + std::to_string(seconds_since(start)));
}

TEST(VirtualClock, LongSleepsTakeNoRealTimeAndEndOnTheDot) {
    VirtualClock clock;
    const auto real_start = std::chrono::steady_clock::now();
    const double slept = asyncio::run(
        []() -> Coro<double> {
            const Clock::time_point start = asyncio::get_running_loop().time();
            co_await asyncio::sleep(1h);
            co_return seconds_since(start);
        }(),
        {.clock = clock});
    EXPECT_EQ(slept, 3600.0);
    // An hour of sleep without the jump would outlast any test run.
    EXPECT_LT(std::chrono::steady_clock::now() - real_start, 10min);
}

TEST(VirtualClock, TimersFireInDeadlineOrderAtTheirOwnTimes) {
    std::vector<std::string> log;
    asyncio::run(
        [](std::vector<std::string>* log) -> Coro<> {
            const Clock::time_point start = asyncio::get_running_loop().time();
            co_await asyncio::gather(sleeper(log, start, "c", 3s), sleeper(log, start, "a", 1s),
                                     sleeper(log, start, "b", 2500ms));
        }(&log),
        {.clock = VirtualClock()});
    EXPECT_EQ(log, (std::vector<std::string>{"a@1.000000", "b@2.500000", "c@3.000000"}));
}

Coro<> nap(Clock::duration delay) { co_await asyncio::sleep(delay); }

TEST(VirtualClock, TimeoutsExpireAtTheirDeadline) {
    const std::string outcome = asyncio::run(
        []() -> Coro<std::string> {
            const Clock::time_point start = asyncio::get_running_loop().time();
            try {
                co_await asyncio::wait_for(nap(30s), 5s);
            } catch (const asyncio::TimeoutError&) {
                co_return "timed out after " + std::to_string(seconds_since(start));
            }
            co_return "no timeout";
        }(),
        {.clock = VirtualClock()});
    EXPECT_EQ(outcome, "timed out after 5.000000");
}

TEST(VirtualClock, JumpMovesTimeByHand) {
    VirtualClock clock;
    std::vector<std::string> log;
    asyncio::run(
        [](VirtualClock clock, std::vector<std::string>* log) -> Coro<> {
            const Clock::time_point start = asyncio::get_running_loop().time();
            asyncio::Task<void> late = asyncio::create_task(sleeper(log, start, "late", 10s));
            co_await asyncio::sleep(0s);
            clock.jump(4s);  // the copy given to run() moves too: one time
            log->push_back("jumped@" + std::to_string(seconds_since(start)));
            co_await late;
        }(clock, &log),
        {.clock = clock});
    EXPECT_EQ(log, (std::vector<std::string>{"jumped@4.000000", "late@10.000000"}));
}

TEST(VirtualClock, RefusesToGoBackwards) {
    VirtualClock clock;
    EXPECT_THROW(clock.jump(-1s), asyncio::ValueError);
    EXPECT_THROW(VirtualClock(-1ms), asyncio::ValueError);
    EXPECT_THROW(clock.set_autojump_threshold(-1ms), asyncio::ValueError);
    const Clock::time_point before = clock.now();
    clock.advance_to(before - 1s);
    EXPECT_EQ(clock.now(), before);
}

TEST(VirtualClock, WorkOnAThreadDoesNotHoldTimeBackWithoutAThreshold) {
    // The loop sees nothing to do while the thread works, so it jumps to the timeout's timer.
    const auto attempt = []() -> Coro<std::string> {
        try {
            co_return co_await asyncio::wait_for(asyncio::to_thread([] {
                                                     std::this_thread::sleep_for(50ms);
                                                     return std::string("finished");
                                                 }),
                                                 1s);
        } catch (const asyncio::TimeoutError&) {
            co_return "timed out";
        }
    };
    EXPECT_EQ(asyncio::run(attempt(), {.clock = VirtualClock()}), "timed out");
    // With a threshold, the loop gives the thread real time before each jump.
    EXPECT_EQ(asyncio::run(attempt(), {.clock = VirtualClock(30s)}), "finished");
}

TEST(VirtualClock, CannotBeChangedWhileTheLoopRuns) {
    asyncio::EventLoop loop;
    loop.set_clock(VirtualClock());
    EXPECT_TRUE(loop.clock().has_value());
    const bool refused = loop.run_until_complete([](asyncio::EventLoop* loop) -> Coro<bool> {
        try {
            loop->set_clock(std::nullopt);
        } catch (const asyncio::RuntimeError&) {
            co_return true;
        }
        co_return false;
    }(&loop));
    EXPECT_TRUE(refused);
    loop.set_clock(std::nullopt);
    EXPECT_FALSE(loop.clock().has_value());
}

}  // namespace
