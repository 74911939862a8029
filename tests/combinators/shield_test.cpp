// shield: a cancellation of the awaiting task stops only its waiting; the shielded task goes
// on. Python's rules (test_tasks.py: test_shield_*).
#include "asyncio/combinators/shield.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "asyncio/core/future.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::Task;
using namespace asyncio_test;

// Waits for `gate`, then logs and returns `value`.
Coro<int> gated(asyncio::Future<> gate, Log* log, int value) {
    co_await gate;
    log->push_back("inner finished");
    co_return value;
}

// Awaits the shield of `inner`, logging how the await ends.
Coro<int> await_shielded(Task<int> inner, Log* log) {
    try {
        int v = co_await asyncio::shield(inner);
        log->push_back("outer got " + std::to_string(v));
        co_return v;
    } catch (const CancelledError& e) {
        log->push_back("outer: CancelledError " + e.message());
        throw;
    }
}

TEST(Shield, ReturnsTheValueOfATask) {
    run_bounded([]() -> Coro<> {
        auto task = asyncio::create_task(after(1ms, 4));
        EXPECT_EQ(co_await asyncio::shield(task), 4);
    }());
}

// The shield holds the only handle to the task it made of the Coro: releasing it must be the
// last thing the awaiter does (ASan: no use after free).
TEST(Shield, ReturnsTheValueOfACoro) {
    run_bounded([]() -> Coro<> { EXPECT_EQ(co_await asyncio::shield(after(1ms, 5)), 5); }());
}

TEST(Shield, DoneTaskGivesItsValueWithoutWaiting) {
    run_bounded([]() -> Coro<> {
        auto task = asyncio::create_task(after(0ms, 6));
        co_await task;
        bool turned = false;
        asyncio::get_running_loop().call_soon([&turned] { turned = true; });
        EXPECT_EQ(co_await asyncio::shield(task), 6);
        EXPECT_FALSE(turned);  // no loop turn: the shield did not suspend
        co_await asyncio::sleep(0s);
    }());
}

TEST(Shield, ExceptionOfTheShieldedTaskPropagatesWithItsType) {
    run_bounded([]() -> Coro<> {
        auto fail = []() -> Coro<int> {
            co_await asyncio::sleep(1ms);
            throw std::out_of_range("no such thing");
        };
        try {
            co_await asyncio::shield(fail());
            ADD_FAILURE() << "shield returned";
        } catch (const std::out_of_range& e) {
            EXPECT_STREQ(e.what(), "no such thing");
        }
    }());
}

TEST(Shield, CancellingTheAwaiterRaisesAtOnceAndTheInnerTaskFinishes) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        asyncio::Future<> gate;
        auto inner = asyncio::create_task(gated(gate, log, 42));
        auto outer = asyncio::create_task(await_shielded(inner, log));
        co_await asyncio::sleep(0s);  // outer waits on the shield
        EXPECT_TRUE(outer.cancel("stop waiting"));
        EXPECT_FALSE(inner.cancelled());
        EXPECT_EQ(inner.cancelling(), 0u);
        EXPECT_THROW(co_await outer, CancelledError);  // while the inner task still waits
        EXPECT_TRUE(outer.cancelled());
        EXPECT_FALSE(inner.done());
        gate.set_result();
        EXPECT_EQ(co_await inner, 42);  // collected through its own handle
        EXPECT_FALSE(inner.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"outer: CancelledError stop waiting", "inner finished"}));
}

// Python's test_shield_effect: cancelling outer() does not affect inner(), which runs on.
TEST(Shield, ShieldedCoroRunsOnAfterTheAwaiterIsCancelled) {
    run_bounded([]() -> Coro<> {
        int proof = 0;
        asyncio::Future<> waiter;
        auto inner = [](asyncio::Future<> waiter, int* proof) -> Coro<> {
            co_await waiter;
            *proof += 1;
        };
        auto outer = [](asyncio::Future<> waiter, int* proof, auto inner) -> Coro<> {
            co_await asyncio::shield(inner(waiter, proof));
            *proof += 100;
        };
        auto task = asyncio::create_task(outer(waiter, &proof, inner));
        co_await asyncio::sleep(0s);
        task.cancel();
        EXPECT_THROW(co_await task, CancelledError);
        waiter.set_result();
        co_await asyncio::sleep(0s);
        co_await asyncio::sleep(0s);
        EXPECT_EQ(proof, 1);
    }());
}

TEST(Shield, CancellingTheInnerTaskRaisesCancelledErrorInTheAwaiter) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        asyncio::Future<> gate;
        auto inner = asyncio::create_task(gated(gate, log, 1));
        auto outer = asyncio::create_task(await_shielded(inner, log));
        co_await asyncio::sleep(0s);
        inner.cancel("inner stopped");
        EXPECT_THROW(co_await outer, CancelledError);
        EXPECT_TRUE(inner.cancelled());
        EXPECT_TRUE(outer.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"outer: CancelledError inner stopped"}));
}

TEST(Shield, CoroIsRunAsItsOwnTask) {
    run_bounded([]() -> Coro<> {
        auto main = asyncio::current_task();
        auto body = [](asyncio::AnyTask main) -> Coro<bool> {
            co_await asyncio::sleep(0s);
            co_return asyncio::current_task() != main;
        };
        EXPECT_TRUE(co_await asyncio::shield(body(main)));
    }());
}

// After its awaiter was cancelled and is gone, the inner task completes: it must find no
// waiter of the shield left on it (nothing is woken twice, nothing freed is touched).
TEST(Shield, NoWaiterLeftBehindAfterCancellation) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        asyncio::Future<> gate;
        auto inner = asyncio::create_task(gated(gate, log, 9));
        {
            auto outer = asyncio::create_task(await_shielded(inner, log));
            co_await asyncio::sleep(0s);
            outer.cancel();
            EXPECT_THROW(co_await outer, CancelledError);
        }  // the outer task and its frame (where the shield's waiter lived) are gone
        co_await asyncio::sleep(0s);
        int callbacks = 0;
        inner.add_done_callback([&callbacks](Task<int>) { ++callbacks; });
        gate.set_result();
        EXPECT_EQ(co_await inner, 9);
        co_await asyncio::sleep(0s);
        EXPECT_EQ(callbacks, 1);
        EXPECT_EQ(asyncio::all_tasks().size(), 1u);  // only the main task
    }(&log));
    EXPECT_EQ(log, (Log{"outer: CancelledError ", "inner finished"}));
}

TEST(Shield, ManyAwaitersOneCancelledOthersGetTheValue) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        asyncio::Future<> gate;
        auto inner = asyncio::create_task(gated(gate, log, 3));
        auto a = asyncio::create_task(await_shielded(inner, log));
        auto b = asyncio::create_task(await_shielded(inner, log));
        co_await asyncio::sleep(0s);
        a.cancel("a only");
        EXPECT_THROW(co_await a, CancelledError);
        gate.set_result();
        EXPECT_EQ(co_await b, 3);
    }(&log));
    EXPECT_EQ(log, (Log{"outer: CancelledError a only", "inner finished", "outer got 3"}));
}

}  // namespace
