// EventLoop: turns, timers, handles, run_until_complete, nesting, other threads, errors in
// callbacks, and the loop's end. Descriptor callbacks and signals have their own files.
#include "asyncio/loop/event_loop.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "asyncio/core/coro.hpp"
#include "asyncio/core/errors.hpp"
#include "asyncio/core/future.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/sleep.hpp"
#include "loop/loop_support.hpp"
#include "support/test_support.hpp"

namespace {

using asyncio::Clock;
using asyncio::Coro;
using asyncio::EventLoop;
using namespace asyncio_test;
using namespace std::chrono_literals;

using namespace asyncio_test::loop;

// A Handle comes from call_soon, a TimerHandle from call_later or call_at.
static_assert(!std::is_constructible_v<asyncio::Handle, asyncio::detail::Callback&>);
static_assert(!std::is_constructible_v<asyncio::TimerHandle, asyncio::detail::Callback&>);

// The loop's machinery is the library's (through detail::LoopAccess), out of a program's reach.
template <class Loop>
concept ShowsScheduler = requires(Loop& loop) {
    loop.scheduler();
};
template <class Loop>
concept ShowsTimers = requires(Loop& loop) {
    loop.timers();
};
template <class Loop>
concept ShowsPoller = requires(Loop& loop) {
    loop.poller();
};
static_assert(!ShowsScheduler<EventLoop> && !ShowsTimers<EventLoop> && !ShowsPoller<EventLoop>);

// -- call_soon and turns --

TEST(EventLoop, CallSoonRunsCallbacksInFifoOrder) {
    EventLoop loop;
    std::vector<int> order;
    for (int i = 0; i < 10; ++i) loop.call_soon([&order, i] { order.push_back(i); });
    EXPECT_TRUE(order.empty()) << "call_soon must not run the callback synchronously";
    run_one_turn(loop);
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(EventLoop, CallbackScheduledByACallbackRunsOnTheFollowingTurn) {
    EventLoop loop;
    std::vector<std::string> log;
    loop.call_soon([&] {
        log.push_back("first");
        loop.call_soon([&] { log.push_back("second"); });
    });
    run_one_turn(loop);
    EXPECT_EQ(log, (std::vector<std::string>{"first"}));
    run_one_turn(loop);
    EXPECT_EQ(log, (std::vector<std::string>{"first", "second"}));
}

TEST(EventLoop, StopEndsRunForeverAfterTheCurrentTurn) {
    // State first: it must outlive the loop, whose destructor may still run callbacks.
    int turns = 0;
    bool keep_ticking = true;
    std::function<void()> tick;
    std::vector<std::string> log;
    EventLoop loop;
    tick = [&] {
        ++turns;
        if (turns == 3) loop.stop();
        if (keep_ticking) loop.call_soon(tick);
    };
    loop.call_soon(tick);
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(turns, 3);

    // The loop can run again; it picks up where it stopped.
    loop.call_soon([&] {
        loop.stop();
        log.push_back("after stop, same turn");
    });
    loop.run_forever();
    EXPECT_EQ(turns, 4);
    EXPECT_EQ(log, (std::vector<std::string>{"after stop, same turn"}));
    keep_ticking = false;  // let the last tick end (see DestroyingTheLoopFreesACallback...)
    run_one_turn(loop);
}

TEST(EventLoop, StopBeforeRunForeverRunsOneTurn) {
    int runs = 0;
    bool keep_going = true;
    std::function<void()> again;
    EventLoop loop;
    again = [&] {
        ++runs;
        if (keep_going) loop.call_soon(again);
    };
    loop.call_soon(again);
    loop.stop();
    loop.run_forever();
    EXPECT_EQ(runs, 1);
    keep_going = false;
    run_one_turn(loop);
    EXPECT_EQ(runs, 2);
}

TEST(EventLoop, IsRunningOnlyWhileRunning) {
    EventLoop loop;
    EXPECT_FALSE(loop.is_running());
    bool inside = false;
    loop.call_soon([&] { inside = loop.is_running(); });
    run_one_turn(loop);
    EXPECT_TRUE(inside);
    EXPECT_FALSE(loop.is_running());
}

// -- timers --

TEST(EventLoop, CallLaterRunsInTimeOrder) {
    EventLoop loop;
    std::vector<int> order;
    for (int ms : {30, 10, 50, 20, 40}) {
        loop.call_later(std::chrono::milliseconds(ms), [&order, ms] { order.push_back(ms); });
    }
    loop.call_later(60ms, [&] { loop.stop(); });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(order, (std::vector<int>{10, 20, 30, 40, 50}));
}

TEST(EventLoop, CallAtWithEqualTimesRunsInSchedulingOrder) {
    EventLoop loop;
    std::vector<int> order;
    const auto when = loop.time() + 10ms;
    for (int i = 0; i < 8; ++i) loop.call_at(when, [&order, i] { order.push_back(i); });
    loop.call_at(when, [&] { loop.stop(); });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(EventLoop, CallLaterAndCallAtInterleaveByTime) {
    EventLoop loop;
    std::vector<std::string> order;
    const auto start = loop.time();
    loop.call_at(start + 30ms, [&] { order.push_back("at+30"); });
    loop.call_later(10ms, [&] { order.push_back("later+10"); });
    loop.call_at(start + 20ms, [&] { order.push_back("at+20"); });
    loop.call_soon([&] { order.push_back("soon"); });
    loop.call_later(40ms, [&] { loop.stop(); });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(order, (std::vector<std::string>{"soon", "later+10", "at+20", "at+30"}));
}

TEST(EventLoop, CallLaterWaitsAtLeastTheDelay) {
    EventLoop loop;
    const auto start = loop.time();
    Clock::time_point ran{};
    auto handle = loop.call_later(25ms, [&] {
        ran = loop.time();
        loop.stop();
    });
    EXPECT_GE(handle.when(), start + 25ms);
    safety_stop(loop);
    loop.run_forever();
    EXPECT_GE(ran - start, 25ms);
    EXPECT_GE(ran, handle.when());
}

TEST(EventLoop, CallAtInThePastRunsOnTheNextTurn) {
    EventLoop loop;
    bool ran = false;
    auto handle = loop.call_at(loop.time() - 1h, [&] { ran = true; });
    safety_stop(loop);
    run_one_turn(loop);
    EXPECT_TRUE(ran);
}

TEST(EventLoop, TimerHandleWhenIsTheDeadline) {
    EventLoop loop;
    const auto when = loop.time() + 1h;
    auto handle = loop.call_at(when, [] {});
    EXPECT_EQ(handle.when(), when);
}

TEST(EventLoop, TimeIsMonotonic) {
    EventLoop loop;
    auto previous = loop.time();
    for (int i = 0; i < 1000; ++i) {
        const auto now = loop.time();
        ASSERT_GE(now, previous);
        previous = now;
    }
    std::this_thread::sleep_for(2ms);
    EXPECT_GT(loop.time(), previous);
}

// -- cancelling handles --

TEST(EventLoop, CancelPreventsACallSoonCallback) {
    EventLoop loop;
    bool ran = false;
    auto handle = loop.call_soon([&] { ran = true; });
    EXPECT_FALSE(handle.cancelled());
    handle.cancel();
    EXPECT_TRUE(handle.cancelled());
    handle.cancel();  // twice is harmless
    run_one_turn(loop);
    EXPECT_FALSE(ran);
}

TEST(EventLoop, CancelFromAnEarlierCallbackInTheSameTurn) {
    EventLoop loop;
    std::vector<std::string> log;
    asyncio::Handle second;
    loop.call_soon([&] {
        log.push_back("first");
        second.cancel();
    });
    second = loop.call_soon([&] { log.push_back("second"); });
    loop.call_soon([&] { log.push_back("third"); });
    run_one_turn(loop);
    EXPECT_EQ(log, (std::vector<std::string>{"first", "third"}));
}

TEST(EventLoop, CancelledTimerLeavesTheHeapAtOnce) {
    EventLoop loop;
    bool ran = false;
    auto handle = loop.call_later(1h, [&] { ran = true; });
    auto other = loop.call_later(2h, [] {});
    EXPECT_EQ(asyncio::detail::LoopAccess::timers(loop).size(), 2u);
    handle.cancel();
    EXPECT_TRUE(handle.cancelled());
    EXPECT_EQ(asyncio::detail::LoopAccess::timers(loop).size(), 1u);
    EXPECT_EQ(asyncio::detail::LoopAccess::timers(loop).next_deadline(), other.when());
    handle.cancel();
    EXPECT_EQ(asyncio::detail::LoopAccess::timers(loop).size(), 1u);
    other.cancel();
    EXPECT_TRUE(asyncio::detail::LoopAccess::timers(loop).empty());
    run_one_turn(loop);
    EXPECT_FALSE(ran);
}

TEST(EventLoop, CancelledTimerDoesNotRun) {
    EventLoop loop;
    std::vector<int> order;
    auto a = loop.call_later(10ms, [&] { order.push_back(1); });
    auto b = loop.call_later(20ms, [&] { order.push_back(2); });
    loop.call_later(30ms, [&] { loop.stop(); });
    b.cancel();
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(order, (std::vector<int>{1}));
}

TEST(EventLoop, TimerCancelledByAnotherTimerDueInTheSameTurn) {
    EventLoop loop;
    std::vector<int> order;
    const auto when = loop.time() + 5ms;
    asyncio::TimerHandle victim;
    loop.call_at(when, [&] {
        order.push_back(1);
        victim.cancel();
    });
    victim = loop.call_at(when, [&] { order.push_back(2); });
    loop.call_at(when + 5ms, [&] { loop.stop(); });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(order, (std::vector<int>{1}));
}

TEST(EventLoop, CancelReleasesWhatTheCallbackCaptured) {
    EventLoop loop;
    auto captured = std::make_shared<int>(7);
    std::weak_ptr<int> watch = captured;
    auto handle = loop.call_later(1h, [captured] { (void)captured; });
    captured.reset();
    EXPECT_FALSE(watch.expired());
    handle.cancel();
    EXPECT_TRUE(watch.expired());
}

TEST(EventLoop, DroppingAHandleDoesNotCancel) {
    EventLoop loop;
    int ran = 0;
    {
        auto handle = loop.call_soon([&] { ++ran; });
    }
    {
        auto handle = loop.call_later(1ms, [&] { ++ran; });
    }
    loop.call_later(10ms, [&] { loop.stop(); });
    safety_stop(loop);
    loop.run_forever();
    EXPECT_EQ(ran, 2);
}

// -- run_until_complete --

Coro<int> forty_two() { co_return 42; }

Coro<int> add_after_sleep(int a, int b) {
    co_await asyncio::sleep(1ms);
    co_return a + b;
}

Coro<std::unique_ptr<std::string>> make_unique_string(std::string s) {
    co_await asyncio::sleep(0s);
    co_return std::make_unique<std::string>(std::move(s));
}

struct CustomError : std::runtime_error {
    int code;
    CustomError(const std::string& what, int c) : std::runtime_error(what), code(c) {}
};

Coro<int> fail_after_sleep(std::string message) {
    co_await asyncio::sleep(1ms);
    throw CustomError(message, 7);
}

Coro<> fail_with_logic_error() {
    throw std::logic_error("logic");
    co_return;
}

TEST(EventLoop, RunUntilCompleteReturnsTheValue) {
    EventLoop loop;
    safety_stop(loop);
    EXPECT_EQ(loop.run_until_complete(forty_two()), 42);
    EXPECT_EQ(loop.run_until_complete(add_after_sleep(2, 3)), 5);
    auto p = loop.run_until_complete(make_unique_string("moved out"));  // a move-only value
    ASSERT_TRUE(p);
    EXPECT_EQ(*p, "moved out");
    EXPECT_FALSE(loop.is_running());
}

TEST(EventLoop, RunUntilCompleteRethrowsTheExceptionWithItsType) {
    EventLoop loop;
    safety_stop(loop);
    try {
        loop.run_until_complete(fail_after_sleep("it broke"));
        ADD_FAILURE() << "no exception";
    } catch (const CustomError& e) {
        EXPECT_STREQ(e.what(), "it broke");
        EXPECT_EQ(e.code, 7);
    }
    EXPECT_THROW(loop.run_until_complete(fail_with_logic_error()), std::logic_error);
    // The loop is still usable.
    EXPECT_EQ(loop.run_until_complete(forty_two()), 42);
}

Coro<std::string> record_start(std::vector<std::string>* log, std::string name) {
    log->push_back(name + " started");
    co_await asyncio::sleep(1ms);
    co_return name;
}

TEST(EventLoop, CreateTaskOnALoopThatIsNotRunningThenRunUntilComplete) {
    EventLoop loop;
    std::vector<std::string> log;
    auto a = loop.create_task(record_start(&log, "a"), "task-a");
    auto b = loop.create_task(record_start(&log, "b"));
    EXPECT_TRUE(log.empty()) << "a task starts on the loop's next turn, not at creation";
    EXPECT_FALSE(a.done());
    EXPECT_EQ(a.get_name(), "task-a");
    safety_stop(loop);
    EXPECT_EQ(loop.run_until_complete(a), "a");
    EXPECT_EQ(log, (std::vector<std::string>{"a started", "b started"}));
    EXPECT_TRUE(a.done());
    EXPECT_EQ(a.result(), "a");
    EXPECT_EQ(loop.run_until_complete(b), "b");
}

Coro<> stop_loop_then_sleep() {
    asyncio::get_running_loop().stop();
    co_await asyncio::sleep(50ms);
}

TEST(EventLoop, RunUntilCompleteThrowsIfTheLoopStopsFirst) {
    EventLoop loop;
    safety_stop(loop);
    auto task = loop.create_task(stop_loop_then_sleep());
    EXPECT_THROW(loop.run_until_complete(task), asyncio::RuntimeError);
    EXPECT_FALSE(task.done());
    EXPECT_FALSE(loop.is_running());
    loop.run_until_complete(task);  // it can be finished later
    EXPECT_TRUE(task.done());
}

// -- nesting and the running loop --

TEST(EventLoop, RunningTheLoopInsideItselfIsRuntimeError) {
    EventLoop loop;
    bool forever_threw = false;
    bool until_complete_threw = false;
    loop.call_soon([&] {
        try {
            loop.run_forever();
        } catch (const asyncio::RuntimeError&) {
            forever_threw = true;
        }
        try {
            auto task = loop.create_task(forty_two());
            loop.run_until_complete(task);
        } catch (const asyncio::RuntimeError&) {
            until_complete_threw = true;
        }
    });
    safety_stop(loop);
    run_one_turn(loop);
    EXPECT_TRUE(forever_threw);
    EXPECT_TRUE(until_complete_threw);
    EXPECT_FALSE(loop.is_running());
}

TEST(EventLoop, RunningAnotherLoopInsideARunningLoopIsRuntimeError) {
    EventLoop outer;
    EventLoop inner;
    bool threw = false;
    outer.call_soon([&] {
        try {
            inner.run_forever();
        } catch (const asyncio::RuntimeError&) {
            threw = true;
        }
    });
    safety_stop(outer);
    run_one_turn(outer);
    EXPECT_TRUE(threw);
    EXPECT_FALSE(inner.is_running());
    EXPECT_FALSE(outer.is_running());
    // Both loops still work afterwards.
    EXPECT_EQ(inner.run_until_complete(forty_two()), 42);
}

Coro<int> run_another_loop_inside() {
    bool threw = false;
    {
        EventLoop inner;
        try {
            inner.run_until_complete(forty_two());
        } catch (const asyncio::RuntimeError&) {
            threw = true;
        }
    }  // the inner loop goes, with the task it never got to run
    co_return threw ? 1 : 0;
}

TEST(EventLoop, RunUntilCompleteOfAnotherLoopInsideATaskIsRuntimeError) {
    // Python: "Cannot run the event loop while another loop is running". Checked in a child
    // process, so that a crash fails this test alone.
    EXPECT_EXIT(
        {
            EventLoop outer;
            safety_stop(outer);
            std::_Exit(outer.run_until_complete(run_another_loop_inside()) == 1 ? 0 : 1);
        },
        testing::ExitedWithCode(0), "");
}

TEST(EventLoop, GetRunningLoopOutsideALoopThrowsRuntimeError) {
    EXPECT_EQ(EventLoop::running(), nullptr);
    EXPECT_THROW(asyncio::get_running_loop(), asyncio::RuntimeError);
    EventLoop loop;
    EXPECT_THROW(asyncio::get_running_loop(), asyncio::RuntimeError)
        << "a loop that exists but is not running is not the running loop";
}

Coro<EventLoop*> running_loop_from_a_task() {
    co_await asyncio::sleep(0s);
    co_return &asyncio::get_running_loop();
}

TEST(EventLoop, GetRunningLoopInsideReturnsTheLoop) {
    EventLoop loop;
    EventLoop* from_callback = nullptr;
    loop.call_soon([&] { from_callback = &asyncio::get_running_loop(); });
    run_one_turn(loop);
    EXPECT_EQ(from_callback, &loop);
    safety_stop(loop);
    EXPECT_EQ(loop.run_until_complete(running_loop_from_a_task()), &loop);
    EXPECT_THROW(asyncio::get_running_loop(), asyncio::RuntimeError);
}

// -- other threads --

TEST(EventLoop, CallSoonThreadsafeWakesABlockedLoop) {
    EventLoop loop;
    bool safety = false;
    safety_stop(loop, &safety, 10s);  // the only timer: the loop blocks in epoll until woken
    const auto loop_thread = std::this_thread::get_id();
    std::thread::id ran_on;
    bool ran = false;
    std::thread helper([&] {
        std::this_thread::sleep_for(50ms);  // let the loop block first
        loop.call_soon_threadsafe([&] {
            ran = true;
            ran_on = std::this_thread::get_id();
            loop.stop();
        });
    });
    loop.run_forever();
    helper.join();
    EXPECT_TRUE(ran);
    EXPECT_FALSE(safety) << "the loop was not woken by call_soon_threadsafe";
    EXPECT_EQ(ran_on, loop_thread) << "the callback must run on the loop's thread";
}

TEST(EventLoop, CallSoonThreadsafeFromManyThreads) {
    EventLoop loop;
    constexpr int kThreads = 4;
    constexpr int kCalls = 500;
    int count = 0;  // touched on the loop thread only
    std::vector<std::vector<int>> per_thread(kThreads);
    safety_stop(loop, nullptr, 10s);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kCalls; ++i) {
                loop.call_soon_threadsafe([&, t, i] {
                    per_thread[t].push_back(i);
                    if (++count == kThreads * kCalls) loop.stop();
                });
            }
        });
    }
    loop.run_forever();
    for (auto& th : threads) th.join();
    EXPECT_EQ(count, kThreads * kCalls);
    // Calls from one thread keep their order.
    for (int t = 0; t < kThreads; ++t) {
        ASSERT_EQ(per_thread[t].size(), static_cast<std::size_t>(kCalls));
        for (int i = 0; i < kCalls; ++i) ASSERT_EQ(per_thread[t][i], i);
    }
}

// -- errors in callbacks --

TEST(EventLoop, ACallbackThatThrowsIsReportedAndTheLoopKeepsGoing) {
    EventLoop loop;
    std::vector<std::string> log;
    loop.call_soon([] { throw std::runtime_error("boom from call_soon"); });
    loop.call_soon([&] { log.push_back("same turn"); });
    loop.call_later(1ms, [] { throw std::invalid_argument("boom from call_later"); });
    loop.call_later(5ms, [] { throw 42; });  // not even a std::exception
    loop.call_later(10ms, [&] {
        log.push_back("later");
        loop.stop();
    });
    safety_stop(loop);
    testing::internal::CaptureStderr();
    loop.run_forever();
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(log, (std::vector<std::string>{"same turn", "later"}));
    EXPECT_NE(err.find("boom from call_soon"), std::string::npos) << err;
    EXPECT_NE(err.find("boom from call_later"), std::string::npos) << err;
    EXPECT_NE(err.find("exception in callback"), std::string::npos) << err;
}

// -- tasks and the loop's end --

Coro<> sleep_an_hour(bool* started, bool* cancelled) {
    *started = true;
    try {
        co_await asyncio::sleep(1h);
    } catch (const asyncio::CancelledError&) {
        *cancelled = true;
        throw;
    }
}

Coro<int> wait_forever_on(asyncio::Future<int> future, bool* started, bool* cancelled) {
    *started = true;
    try {
        co_return co_await future;
    } catch (const asyncio::CancelledError&) {
        *cancelled = true;
        throw;
    }
}

TEST(EventLoop, DestroyingTheLoopCancelsPendingTasksAndFreesThem) {
    bool sleeper_started = false, sleeper_cancelled = false;
    bool waiter_started = false, waiter_cancelled = false;
    asyncio::Future<int> nobody_sets;
    asyncio::Task<> sleeper;
    asyncio::Task<int> waiter;
    bool timer_ran = false;
    bool a = false, b = false;
    const auto start = Clock::now();
    {
        EventLoop loop;
        sleeper = loop.create_task(sleep_an_hour(&sleeper_started, &sleeper_cancelled));
        waiter = loop.create_task(wait_forever_on(nobody_sets, &waiter_started, &waiter_cancelled),
                                  "waiter");
        // Tasks nobody keeps a handle to are freed too (LSan checks).
        (void)loop.create_task(sleep_an_hour(&a, &b));
        loop.call_later(1h, [&] { timer_ran = true; });  // a callback that never gets to run
        run_one_turn(loop);
        ASSERT_TRUE(sleeper_started);
        ASSERT_TRUE(waiter_started);
        EXPECT_EQ(asyncio::detail::LoopAccess::timers(loop).size(), 3u);
    }
    EXPECT_LT(Clock::now() - start, 10s) << "destroying the loop must not wait for the sleep";
    EXPECT_TRUE(sleeper_cancelled);
    EXPECT_TRUE(waiter_cancelled);
    EXPECT_TRUE(sleeper.done());
    EXPECT_TRUE(sleeper.cancelled());
    EXPECT_TRUE(waiter.cancelled());
    EXPECT_THROW(waiter.result(), asyncio::CancelledError);
    EXPECT_TRUE(nobody_sets.cancelled()) << "the awaited future is cancelled with its waiter";
    EXPECT_FALSE(timer_ran);
}

Coro<> body_must_not_run(bool* ran) {
    *ran = true;
    co_return;
}

TEST(EventLoop, DestroyingTheLoopCancelsTasksThatNeverStarted) {
    bool ran = false;
    asyncio::Task<> task;
    {
        EventLoop loop;
        task = loop.create_task(body_must_not_run(&ran));
    }
    EXPECT_FALSE(ran);
    EXPECT_TRUE(task.cancelled());
}

TEST(EventLoop, DestroyingTheLoopFreesACallbackThatKeepsReschedulingItself) {
    int runs = 0;
    std::function<void()> again;
    {
        EventLoop loop;
        again = [&] {
            ++runs;
            loop.call_soon(again);
        };
        loop.call_soon(again);
        run_one_turn(loop);
        EXPECT_EQ(runs, 1);
    }
    // What the loop does with it at the end is its business; it must not leak (LSan) nor
    // run forever.
    EXPECT_GE(runs, 1);
}

TEST(EventLoop, ClosedLoopRejectsWork) {
    EventLoop loop;
    EXPECT_FALSE(loop.is_closed());
    loop.close();
    EXPECT_TRUE(loop.is_closed());
    loop.close();  // twice is harmless
    EXPECT_THROW(loop.call_soon([] {}), asyncio::RuntimeError);
    EXPECT_THROW(loop.call_later(1s, [] {}), asyncio::RuntimeError);
    EXPECT_THROW(loop.run_forever(), asyncio::RuntimeError);
    EXPECT_THROW((void)loop.create_task(forty_two()), asyncio::RuntimeError);
}

TEST(EventLoop, CloseWhileRunningIsRuntimeError) {
    EventLoop loop;
    bool threw = false;
    loop.call_soon([&] {
        try {
            loop.close();
        } catch (const asyncio::RuntimeError&) {
            threw = true;
        }
    });
    run_one_turn(loop);
    EXPECT_TRUE(threw);
    EXPECT_FALSE(loop.is_closed());
}

}  // namespace
