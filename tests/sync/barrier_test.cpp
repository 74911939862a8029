// Barrier: Python 3.11's asyncio.Barrier (test_locks.py: BarrierTests): arrival indices,
// cyclic rounds, reset() and abort() with BrokenBarrierError, and cancellation (a waiter
// cancelled before its round fills leaves the count; one cancelled after keeps its pass).
#include "asyncio/sync/barrier.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "asyncio/core/errors.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Barrier;
using asyncio::BrokenBarrierError;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::Task;
using namespace asyncio_test;

Coro<> turns(int n) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

Coro<int> arrive(Barrier* barrier) { co_return static_cast<int>(co_await barrier->wait()); }

// Waits; the message of the BrokenBarrierError raised.
Coro<std::string> broken_message(Barrier* barrier) {
    try {
        co_await barrier->wait();
    } catch (const BrokenBarrierError& e) {
        co_return e.what();
    }
    co_return "passed";
}

// Waits; logs "<name> <index>" or "<name> broken".
Coro<> waiter(Barrier* barrier, Log* log, std::string name) {
    try {
        std::size_t index = co_await barrier->wait();
        log->push_back(name + " " + std::to_string(index));
    } catch (const BrokenBarrierError&) {
        log->push_back(name + " broken");
    }
}

TEST(Barrier, PartiesMustBePositive) {
    EXPECT_THROW(Barrier(0), asyncio::ValueError);
    Barrier one(1);
    EXPECT_EQ(one.parties(), 1u);
    EXPECT_EQ(one.n_waiting(), 0u);
    EXPECT_FALSE(one.broken());
}

TEST(Barrier, BrokenBarrierErrorIsAnAsyncioError) {
    const asyncio::Error& e = BrokenBarrierError();
    EXPECT_STREQ(e.what(), "BrokenBarrierError");
}

TEST(Barrier, OnePartyPassesAtOnce) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(1);
        EXPECT_EQ(co_await barrier.wait(), 0u);
        EXPECT_EQ(co_await barrier.wait(), 0u);
        EXPECT_EQ(barrier.n_waiting(), 0u);
    }());
}

TEST(Barrier, ReleasesWhenPartiesWaitWithArrivalIndices) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(3);
        Log log;
        Task<> a = asyncio::create_task(waiter(&barrier, &log, "a"));
        co_await asyncio::sleep(0s);
        EXPECT_EQ(barrier.n_waiting(), 1u);
        Task<> b = asyncio::create_task(waiter(&barrier, &log, "b"));
        co_await turns(3);
        EXPECT_EQ(barrier.n_waiting(), 2u);
        EXPECT_TRUE(log.empty());
        Task<> c = asyncio::create_task(waiter(&barrier, &log, "c"));
        co_await a;
        co_await b;
        co_await c;
        EXPECT_EQ(barrier.n_waiting(), 0u);
        // c arrived last and passed without waiting; a and b woke in FIFO order after it.
        EXPECT_EQ(log, (Log{"c 2", "a 0", "b 1"}));
        EXPECT_FALSE(barrier.broken());
    }());
}

// The barrier is cyclic: each round gives the indices 0..parties-1 again.
TEST(Barrier, IsCyclic) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(4);
        for (int round = 0; round < 3; ++round) {
            std::vector<Task<int>> tasks;
            for (int i = 0; i < 4; ++i) tasks.push_back(asyncio::create_task(arrive(&barrier)));
            std::vector<int> indices;
            for (Task<int>& task : tasks) indices.push_back(co_await task);
            std::sort(indices.begin(), indices.end());
            EXPECT_EQ(indices, (std::vector<int>{0, 1, 2, 3}));
            EXPECT_EQ(barrier.n_waiting(), 0u);
        }
    }());
}

// Tasks that go round and round the same barrier stay in step.
Coro<> lap(Barrier* barrier, Log* log, std::string name, int laps) {
    for (int i = 0; i < laps; ++i) {
        log->push_back(name + std::to_string(i));
        co_await barrier->wait();
    }
}

TEST(Barrier, KeepsTasksInStep) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(2);
        Log log;
        Task<> a = asyncio::create_task(lap(&barrier, &log, "a", 3));
        Task<> b = asyncio::create_task(lap(&barrier, &log, "b", 3));
        co_await a;
        co_await b;
        EXPECT_EQ(log.size(), 6u);
        for (std::size_t i = 0; i + 1 < log.size(); i += 2) {
            std::string lap_no = std::to_string(i / 2);
            EXPECT_EQ(log[i].substr(1), lap_no);
            EXPECT_EQ(log[i + 1].substr(1), lap_no);
        }
    }());
}

TEST(Barrier, ResetBreaksTheCurrentRoundOnly) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(3);
        Log log;
        Task<> a = asyncio::create_task(waiter(&barrier, &log, "a"));
        Task<> b = asyncio::create_task(waiter(&barrier, &log, "b"));
        co_await asyncio::sleep(0s);
        EXPECT_EQ(barrier.n_waiting(), 2u);
        barrier.reset();
        EXPECT_EQ(barrier.n_waiting(), 0u);
        EXPECT_FALSE(barrier.broken());
        co_await a;
        co_await b;
        EXPECT_EQ(log, (Log{"a broken", "b broken"}));
        // The next round works.
        log.clear();
        Task<> c = asyncio::create_task(waiter(&barrier, &log, "c"));
        Task<> d = asyncio::create_task(waiter(&barrier, &log, "d"));
        Task<> e = asyncio::create_task(waiter(&barrier, &log, "e"));
        co_await c;
        co_await d;
        co_await e;
        EXPECT_EQ(log, (Log{"e 2", "c 0", "d 1"}));
    }());
}

TEST(Barrier, BrokenBarrierErrorHasPythonsMessages) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(2);
        Task<std::string> waiting = asyncio::create_task(broken_message(&barrier));
        co_await asyncio::sleep(0s);
        barrier.reset();
        EXPECT_EQ(co_await waiting, "Abort or reset of barrier");  // the round broke
        waiting = asyncio::create_task(broken_message(&barrier));
        co_await asyncio::sleep(0s);
        barrier.abort();
        EXPECT_EQ(co_await waiting, "Abort or reset of barrier");
        EXPECT_EQ(co_await broken_message(&barrier), "Barrier aborted");  // broken on arrival
    }());
}

TEST(Barrier, AbortBreaksCurrentAndFutureWaitersUntilReset) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(2);
        Log log;
        Task<> a = asyncio::create_task(waiter(&barrier, &log, "a"));
        co_await asyncio::sleep(0s);
        barrier.abort();
        EXPECT_TRUE(barrier.broken());
        EXPECT_EQ(barrier.n_waiting(), 0u);
        co_await a;
        EXPECT_EQ(log, (Log{"a broken"}));
        EXPECT_THROW(co_await barrier.wait(), BrokenBarrierError);  // at once, no waiting
        // Python's messages: broken on arrival, and a round that broke (a's).
        EXPECT_EQ(co_await broken_message(&barrier), "Barrier aborted");
        Task<> b = asyncio::create_task(waiter(&barrier, &log, "b"));
        co_await b;
        EXPECT_EQ(log, (Log{"a broken", "b broken"}));
        EXPECT_EQ(barrier.n_waiting(), 0u);
        barrier.reset();
        EXPECT_FALSE(barrier.broken());
        Task<int> c = asyncio::create_task(arrive(&barrier));
        co_await asyncio::sleep(0s);
        EXPECT_EQ(co_await barrier.wait(), 1u);
        EXPECT_EQ(co_await c, 0);
    }());
}

// CPython: a waiter cancelled before the round fills leaves the count and does not break the
// barrier; the round still needs `parties` other waiters.
TEST(Barrier, WaiterCancelledBeforeTheRoundFillsLeavesIt) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(3);
        Log log;
        Task<> a = asyncio::create_task(waiter(&barrier, &log, "a"));
        Task<> b = asyncio::create_task(waiter(&barrier, &log, "b"));
        co_await asyncio::sleep(0s);
        EXPECT_EQ(barrier.n_waiting(), 2u);
        a.cancel();
        EXPECT_THROW(co_await a, CancelledError);
        EXPECT_EQ(barrier.n_waiting(), 1u);
        EXPECT_FALSE(barrier.broken());
        Task<> c = asyncio::create_task(waiter(&barrier, &log, "c"));
        co_await turns(2);
        EXPECT_EQ(barrier.n_waiting(), 2u);
        EXPECT_TRUE(log.empty());
        Task<> d = asyncio::create_task(waiter(&barrier, &log, "d"));
        co_await b;
        co_await c;
        co_await d;
        EXPECT_EQ(log, (Log{"d 2", "b 0", "c 1"}));  // unique indices despite the departure
        EXPECT_EQ(barrier.n_waiting(), 0u);
    }());
}

// Passes, then meets a cancellation at its next suspension point.
Coro<> pass_then_sleep(Barrier* barrier, Log* log, std::string name) {
    std::size_t index = co_await barrier->wait();
    log->push_back(name + " " + std::to_string(index));
    try {
        co_await asyncio::sleep(0s);
    } catch (const CancelledError&) {
        log->push_back(name + " cancelled");
        throw;
    }
    log->push_back(name + " out");
}

// The WaitQueue rule: the round filled and let `a` go; `a` cancelled before it runs keeps its
// pass, and the cancellation comes at its next co_await.
TEST(Barrier, WaiterCancelledAfterTheRoundFilledKeepsItsPass) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(2);
        Log log;
        Task<> a = asyncio::create_task(pass_then_sleep(&barrier, &log, "a"));
        co_await asyncio::sleep(0s);
        EXPECT_EQ(co_await barrier.wait(), 1u);  // fills the round
        a.cancel();
        EXPECT_THROW(co_await a, CancelledError);
        EXPECT_EQ(log, (Log{"a 0", "a cancelled"}));
        EXPECT_EQ(barrier.n_waiting(), 0u);
        EXPECT_FALSE(barrier.broken());
    }());
}

// A waiter's index is settled when the round ends: a reset after the round filled does not
// break the waiters of that round.
TEST(Barrier, ResetAfterTheRoundFilledDoesNotBreakIt) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(2);
        Log log;
        Task<> a = asyncio::create_task(waiter(&barrier, &log, "a"));
        co_await asyncio::sleep(0s);
        EXPECT_EQ(co_await barrier.wait(), 1u);
        barrier.reset();  // a has not run yet
        barrier.abort();
        co_await a;
        EXPECT_EQ(log, (Log{"a 0"}));
        EXPECT_TRUE(barrier.broken());
    }());
}

// Many tasks, several rounds, with waiters arriving while the previous round drains.
TEST(Barrier, ManyRounds) {
    run_bounded([]() -> Coro<> {
        Barrier barrier(5);
        std::vector<Task<int>> tasks;
        for (int i = 0; i < 50; ++i) tasks.push_back(asyncio::create_task(arrive(&barrier)));
        std::vector<int> counts(5, 0);
        for (Task<int>& task : tasks) ++counts.at(static_cast<std::size_t>(co_await task));
        EXPECT_EQ(counts, (std::vector<int>(5, 10)));
        EXPECT_EQ(barrier.n_waiting(), 0u);
    }());
}

}  // namespace
