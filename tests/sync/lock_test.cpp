// Lock: the guard, locked(), FIFO hand-over without barging, release() of an unlocked lock,
// and the two cancellations (before the hand-over: nothing taken; after it: the lock is kept
// and released by the guard as the cancellation unwinds). Python's rules (test_locks.py:
// LockTests).
#include "asyncio/sync/lock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "asyncio/core/errors.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::Lock;
using asyncio::Task;
using namespace asyncio_test;

Coro<> turns(int n) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

// Takes the lock, holds it for one turn, logs both ends.
Coro<> locker(Lock* lock, Log* log, std::string name) {
    auto guard = co_await lock->acquire();
    EXPECT_TRUE(lock->locked());
    log->push_back(name + " in");
    co_await asyncio::sleep(0s);
    log->push_back(name + " out");
}

// Takes the lock, then meets a cancellation at its next co_await (logged, rethrown).
Coro<> cancelled_holder(Lock* lock, Log* log, std::string name) {
    auto guard = co_await lock->acquire();
    log->push_back(name + " got the lock");
    try {
        co_await asyncio::sleep(0s);
        log->push_back(name + " was not cancelled");
    } catch (const CancelledError&) {
        log->push_back(name + " cancelled holding the lock: " + (lock->locked() ? "yes" : "no"));
        throw;
    }
}

TEST(Lock, AcquireAndReleaseThroughTheGuard) {
    run_bounded([]() -> Coro<> {
        Lock lock;
        EXPECT_FALSE(lock.locked());
        {
            auto guard = co_await lock.acquire();
            EXPECT_TRUE(lock.locked());
        }
        EXPECT_FALSE(lock.locked());
        {
            auto guard = co_await lock.acquire();  // again, at once
            EXPECT_TRUE(lock.locked());
        }
        EXPECT_FALSE(lock.locked());
    }());
}

TEST(Lock, FreeLockIsTakenWithoutALoopTurn) {
    run_bounded([]() -> Coro<> {
        Lock lock;
        bool turned = false;
        asyncio::get_running_loop().call_soon([&turned] { turned = true; });
        auto guard = co_await lock.acquire();
        EXPECT_FALSE(turned);
        EXPECT_TRUE(lock.locked());
    }());
}

TEST(Lock, WaitersGetTheLockInFifoOrder) {
    run_bounded([]() -> Coro<> {
        Lock lock;
        Log log;
        auto guard = co_await lock.acquire();
        std::vector<Task<>> tasks;
        for (int i = 0; i < 5; ++i)
            tasks.push_back(asyncio::create_task(locker(&lock, &log, numbered("t", i))));
        co_await turns(2);  // all five wait
        EXPECT_TRUE(log.empty());
        EXPECT_TRUE(lock.locked());
        guard.unlock();
        EXPECT_TRUE(lock.locked());  // handed straight to t0
        for (Task<>& task : tasks) co_await task;
        EXPECT_EQ(log, (Log{"t0 in", "t0 out", "t1 in", "t1 out", "t2 in", "t2 out", "t3 in",
                            "t3 out", "t4 in", "t4 out"}));
        EXPECT_FALSE(lock.locked());
    }());
}

// The lock released while a task waits goes to that task, not to one that arrives in the
// same turn (the releaser itself, or a task created after the release).
TEST(Lock, NoBargingAfterARelease) {
    run_bounded([]() -> Coro<> {
        Lock lock;
        Log log;
        auto guard = co_await lock.acquire();
        Task<> first = asyncio::create_task(locker(&lock, &log, "first"));
        co_await asyncio::sleep(0s);  // first waits
        guard.unlock();
        Task<> late = asyncio::create_task(locker(&lock, &log, "late"));
        auto again = co_await lock.acquire();  // the releaser queues behind first
        log.push_back("main in");
        again.unlock();
        co_await first;
        co_await late;
        EXPECT_EQ(log, (Log{"first in", "first out", "main in", "late in", "late out"}));
        EXPECT_FALSE(lock.locked());
    }());
}

TEST(Lock, ReleaseOfAnUnlockedLockIsRuntimeError) {
    Lock lock;
    EXPECT_THROW(lock.release(), asyncio::RuntimeError);
    try {
        lock.release();
    } catch (const asyncio::RuntimeError& e) {
        EXPECT_STREQ(e.what(), "Lock is not acquired.");  // Python's message
    }
    run_bounded([]() -> Coro<> {
        Lock lock;
        EXPECT_THROW(lock.release(), asyncio::RuntimeError);
        {
            auto guard = co_await lock.acquire();
            guard.dismiss();
        }
        EXPECT_TRUE(lock.locked());
        lock.release();  // released by hand after dismiss()
        EXPECT_FALSE(lock.locked());
        EXPECT_THROW(lock.release(), asyncio::RuntimeError);
        EXPECT_FALSE(lock.locked());
    }());
}

TEST(Lock, GuardUnlockEarlyAndMove) {
    run_bounded([]() -> Coro<> {
        Lock lock;
        {
            auto guard = co_await lock.acquire();
            guard.unlock();
            EXPECT_FALSE(lock.locked());
            guard.unlock();  // a second unlock does nothing
            EXPECT_FALSE(lock.locked());
        }  // nor does the destructor
        EXPECT_FALSE(lock.locked());
        {
            auto guard = co_await lock.acquire();
            Lock::Guard moved = std::move(guard);
            { Lock::Guard sink = std::move(moved); }  // released here, once
            EXPECT_FALSE(lock.locked());
        }  // guard and moved release nothing
        EXPECT_FALSE(lock.locked());
        Lock other;
        {
            auto a = co_await lock.acquire();
            auto b = co_await other.acquire();
            a = std::move(b);  // a's lock is released, a now holds other
            EXPECT_FALSE(lock.locked());
            EXPECT_TRUE(other.locked());
        }
        EXPECT_FALSE(other.locked());
    }());
}

TEST(Lock, WaiterCancelledBeforeItsTurnLeavesTheQueue) {
    run_bounded([]() -> Coro<> {
        Lock lock;
        Log log;
        auto guard = co_await lock.acquire();
        Task<> a = asyncio::create_task(locker(&lock, &log, "a"));
        Task<> b = asyncio::create_task(locker(&lock, &log, "b"));
        Task<> c = asyncio::create_task(locker(&lock, &log, "c"));
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(b.cancel());
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(b.done());
        EXPECT_TRUE(b.cancelled());
        EXPECT_THROW(co_await b, CancelledError);
        EXPECT_TRUE(lock.locked());  // still main's
        guard.unlock();
        co_await a;
        co_await c;
        EXPECT_EQ(log, (Log{"a in", "a out", "c in", "c out"}));
        EXPECT_FALSE(lock.locked());
    }());
}

TEST(Lock, OnlyWaiterCancelledLeavesTheLockFreeAfterRelease) {
    run_bounded([]() -> Coro<> {
        Lock lock;
        Log log;
        auto guard = co_await lock.acquire();
        Task<> a = asyncio::create_task(locker(&lock, &log, "a"));
        co_await asyncio::sleep(0s);
        a.cancel();
        EXPECT_THROW(co_await a, CancelledError);
        guard.unlock();
        EXPECT_FALSE(lock.locked());  // nobody to hand it to
        EXPECT_TRUE(log.empty());
    }());
}

// Cancelled in the turn the lock was handed to it, before it ran: its co_await still gives
// the lock, the CancelledError comes at its next co_await, its guard releases the lock as it
// unwinds, and the next waiter gets it.
TEST(Lock, WaiterCancelledAfterTheHandOverKeepsTheLockAndReleasesIt) {
    run_bounded([]() -> Coro<> {
        Lock lock;
        Log log;
        auto guard = co_await lock.acquire();
        Task<> a = asyncio::create_task(cancelled_holder(&lock, &log, "a"));
        Task<> b = asyncio::create_task(locker(&lock, &log, "b"));
        co_await asyncio::sleep(0s);  // both wait
        guard.unlock();               // handed to a
        EXPECT_TRUE(a.cancel());      // before a runs
        EXPECT_TRUE(lock.locked());
        EXPECT_THROW(co_await a, CancelledError);
        EXPECT_TRUE(a.cancelled());
        co_await b;
        EXPECT_EQ(log,
                  (Log{"a got the lock", "a cancelled holding the lock: yes", "b in", "b out"}));
        EXPECT_FALSE(lock.locked());
        Task<> c = asyncio::create_task(locker(&lock, &log, "c"));  // the lock is not lost
        co_await c;
        EXPECT_EQ(log.back(), "c out");
        EXPECT_FALSE(lock.locked());
    }());
}

}  // namespace
