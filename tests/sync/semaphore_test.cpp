// Semaphore and BoundedSemaphore: at most N holders, FIFO, value() and locked(), the bound,
// and cancellation that never loses a permit (the CPython bug fixed in 3.11.x: a waiter
// cancelled after release() handed it the permit). Python's rules (test_locks.py:
// SemaphoreTests).
#include "asyncio/sync/semaphore.hpp"

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
using asyncio::BoundedSemaphore;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::Semaphore;
using asyncio::Task;
using namespace asyncio_test;

Coro<> turns(int n) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

// Takes a permit, holds it for one turn, logs both ends.
Coro<> holder(Semaphore* sem, Log* log, std::string name) {
    auto permit = co_await sem->acquire();
    log->push_back(name + " in");
    co_await asyncio::sleep(0s);
    log->push_back(name + " out");
}

struct Count {
    int now = 0;
    int peak = 0;
};

Coro<> counted(Semaphore* sem, Count* count) {
    auto permit = co_await sem->acquire();
    ++count->now;
    count->peak = std::max(count->peak, count->now);
    co_await turns(2);
    --count->now;
}

TEST(Semaphore, AtMostNHoldersAtOnce) {
    run_bounded([]() -> Coro<> {
        Semaphore sem(3);
        Count count;
        std::vector<Task<>> tasks;
        for (int i = 0; i < 10; ++i) tasks.push_back(asyncio::create_task(counted(&sem, &count)));
        co_await asyncio::sleep(0s);
        EXPECT_EQ(count.now, 3);
        EXPECT_EQ(sem.value(), 0u);
        EXPECT_TRUE(sem.locked());
        for (Task<>& task : tasks) co_await task;
        EXPECT_EQ(count.peak, 3);
        EXPECT_EQ(count.now, 0);
        EXPECT_EQ(sem.value(), 3u);
        EXPECT_FALSE(sem.locked());
    }());
}

TEST(Semaphore, WaitersGetPermitsInFifoOrder) {
    run_bounded([]() -> Coro<> {
        Semaphore sem(1);
        Log log;
        auto permit = co_await sem.acquire();
        std::vector<Task<>> tasks;
        for (int i = 0; i < 5; ++i)
            tasks.push_back(asyncio::create_task(holder(&sem, &log, numbered("t", i))));
        co_await turns(2);
        EXPECT_TRUE(log.empty());
        permit.release();
        EXPECT_EQ(sem.value(), 0u);  // handed to t0, not counted as free
        for (Task<>& task : tasks) co_await task;
        EXPECT_EQ(log, (Log{"t0 in", "t0 out", "t1 in", "t1 out", "t2 in", "t2 out", "t3 in",
                            "t3 out", "t4 in", "t4 out"}));
        EXPECT_EQ(sem.value(), 1u);
    }());
}

// A permit released while tasks wait goes to the first of them, not to a later arrival.
TEST(Semaphore, NoOvertaking) {
    run_bounded([]() -> Coro<> {
        Semaphore sem(1);
        Log log;
        auto permit = co_await sem.acquire();
        Task<> first = asyncio::create_task(holder(&sem, &log, "first"));
        co_await asyncio::sleep(0s);
        permit.release();
        auto again = co_await sem.acquire();  // queues behind first
        log.push_back("main in");
        again.release();
        co_await first;
        EXPECT_EQ(log, (Log{"first in", "first out", "main in"}));
        EXPECT_EQ(sem.value(), 1u);
    }());
}

TEST(Semaphore, ValueAndLocked) {
    run_bounded([]() -> Coro<> {
        Semaphore def;
        EXPECT_EQ(def.value(), 1u);
        Semaphore sem(2);
        EXPECT_EQ(sem.value(), 2u);
        EXPECT_FALSE(sem.locked());
        auto a = co_await sem.acquire();
        EXPECT_EQ(sem.value(), 1u);
        EXPECT_FALSE(sem.locked());
        auto b = co_await sem.acquire();
        EXPECT_EQ(sem.value(), 0u);
        EXPECT_TRUE(sem.locked());
        a.release();
        EXPECT_EQ(sem.value(), 1u);
        EXPECT_FALSE(sem.locked());
        a.release();  // a second release of the same permit does nothing
        EXPECT_EQ(sem.value(), 1u);
        Semaphore::Permit moved = std::move(b);
        EXPECT_EQ(sem.value(), 1u);
        moved.release();
        EXPECT_EQ(sem.value(), 2u);
        Semaphore zero(0);
        EXPECT_TRUE(zero.locked());
        EXPECT_EQ(zero.value(), 0u);
    }());
}

TEST(Semaphore, OverReleaseIsAllowedAndGrowsTheValue) {
    Semaphore sem(1);
    sem.release();
    EXPECT_EQ(sem.value(), 2u);
    sem.release();
    EXPECT_EQ(sem.value(), 3u);
}

TEST(BoundedSemaphore, OverReleaseIsValueError) {
    BoundedSemaphore unused(2);
    EXPECT_THROW(unused.release(), asyncio::ValueError);
    EXPECT_EQ(unused.value(), 2u);
    run_bounded([]() -> Coro<> {
        BoundedSemaphore sem(1);
        EXPECT_THROW(sem.release(), asyncio::ValueError);
        auto permit = co_await sem.acquire();
        permit.dismiss();
        EXPECT_EQ(sem.value(), 0u);
        sem.release();  // by hand after dismiss()
        EXPECT_EQ(sem.value(), 1u);
        EXPECT_THROW(sem.release(), asyncio::ValueError);
        EXPECT_EQ(sem.value(), 1u);
        {
            auto guarded = co_await sem.acquire();  // the guard returns it within the bound
        }
        EXPECT_EQ(sem.value(), 1u);
    }());
}

TEST(Semaphore, WaiterCancelledBeforeItsTurnTakesNoPermit) {
    run_bounded([]() -> Coro<> {
        Semaphore sem(0);
        Log log;
        Task<> a = asyncio::create_task(holder(&sem, &log, "a"));
        Task<> b = asyncio::create_task(holder(&sem, &log, "b"));
        co_await asyncio::sleep(0s);
        a.cancel();
        EXPECT_THROW(co_await a, CancelledError);
        EXPECT_EQ(sem.value(), 0u);
        sem.release();  // goes to b, the only waiter left
        co_await b;
        EXPECT_EQ(log, (Log{"b in", "b out"}));
        EXPECT_EQ(sem.value(), 1u);
        Task<> c = asyncio::create_task(holder(&sem, &log, "c"));
        co_await asyncio::sleep(0s);
        c.cancel();  // c holds the permit at its sleep: its permit goes back
        EXPECT_THROW(co_await c, CancelledError);
        EXPECT_EQ(sem.value(), 1u);
        EXPECT_FALSE(sem.locked());
    }());
}

// Takes a permit; a cancellation at the next co_await is logged and rethrown.
Coro<> cancellable(Semaphore* sem, Log* log, std::string name) {
    auto permit = co_await sem->acquire();
    log->push_back(name + " in");
    try {
        co_await asyncio::sleep(0s);
    } catch (const CancelledError&) {
        log->push_back(name + " cancelled");
        throw;
    }
    log->push_back(name + " out");
}

// CPython before 3.11.x: release() woke a waiter, the waiter was cancelled before it ran,
// and the permit was lost (the other waiters hung). Here the cancelled waiter keeps the
// permit, its co_await completes, and its guard returns the permit as it unwinds.
TEST(Semaphore, WaiterCancelledAfterReleaseLosesNoPermit) {
    run_bounded([]() -> Coro<> {
        Semaphore sem(1);
        Log log;
        auto permit = co_await sem.acquire();
        std::vector<Task<>> tasks;
        for (int i = 0; i < 4; ++i)
            tasks.push_back(asyncio::create_task(cancellable(&sem, &log, numbered("t", i))));
        co_await asyncio::sleep(0s);  // all four wait
        permit.release();             // granted to t0
        EXPECT_TRUE(tasks[0].cancel());
        EXPECT_EQ(sem.value(), 0u);
        EXPECT_THROW(co_await tasks[0], CancelledError);
        for (std::size_t i = 1; i < tasks.size(); ++i) co_await tasks[i];
        EXPECT_EQ(log, (Log{"t0 in", "t0 cancelled", "t1 in", "t1 out", "t2 in", "t2 out", "t3 in",
                            "t3 out"}));
        EXPECT_EQ(sem.value(), 1u);
        EXPECT_FALSE(sem.locked());
    }());
}

// The same with two permits released at once and both granted waiters cancelled.
TEST(Semaphore, TwoGrantedWaitersCancelledLoseNoPermit) {
    run_bounded([]() -> Coro<> {
        Semaphore sem(2);
        Log log;
        auto p1 = co_await sem.acquire();
        auto p2 = co_await sem.acquire();
        std::vector<Task<>> tasks;
        for (int i = 0; i < 5; ++i)
            tasks.push_back(asyncio::create_task(cancellable(&sem, &log, numbered("t", i))));
        co_await asyncio::sleep(0s);
        p1.release();  // to t0
        p2.release();  // to t1
        tasks[0].cancel();
        tasks[1].cancel();
        tasks[3].cancel();  // not granted yet: leaves the queue, takes nothing
        EXPECT_THROW(co_await tasks[0], CancelledError);
        EXPECT_THROW(co_await tasks[1], CancelledError);
        EXPECT_THROW(co_await tasks[3], CancelledError);
        co_await tasks[2];
        co_await tasks[4];
        EXPECT_EQ(log, (Log{"t0 in", "t1 in", "t0 cancelled", "t1 cancelled", "t2 in", "t4 in",
                            "t2 out", "t4 out"}));
        EXPECT_EQ(sem.value(), 2u);
    }());
}

}  // namespace
