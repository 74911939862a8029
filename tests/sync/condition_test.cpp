// Condition: wait() and notify() need the lock, notify() wakes waiters in FIFO order (one,
// n, or all), wait_for(), wait() takes the lock back before returning (also when cancelled),
// and a Condition over an external Lock. Python's rules (test_locks.py: ConditionTests).
#include "asyncio/sync/condition.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "asyncio/core/errors.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/sync/lock.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Condition;
using asyncio::Coro;
using asyncio::Lock;
using asyncio::Task;
using namespace asyncio_test;

Coro<> turns(int n) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

// Takes the lock, waits once, logs its return (and whether it holds the lock then).
Coro<> waiter(Condition* cond, Log* log, std::string name) {
    auto guard = co_await cond->lock().acquire();
    co_await cond->wait();
    log->push_back(name + (cond->lock().locked() ? " woken, locked" : " woken, NOT locked"));
}

// Holds the lock and notifies `n` waiters.
Coro<> notify_n(Condition* cond, std::size_t n) {
    auto guard = co_await cond->lock().acquire();
    cond->notify(n);
}

TEST(Condition, WaitWithoutTheLockIsRuntimeError) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        EXPECT_FALSE(cond.lock().locked());
        EXPECT_THROW(co_await cond.wait(), asyncio::RuntimeError);
        EXPECT_THROW(co_await cond.wait_for([] { return false; }), asyncio::RuntimeError);
        EXPECT_FALSE(cond.lock().locked());
    }());
}

TEST(Condition, NotifyWithoutTheLockIsRuntimeError) {
    Condition cond;
    EXPECT_THROW(cond.notify(), asyncio::RuntimeError);
    try {
        cond.notify_all();
    } catch (const asyncio::RuntimeError& e) {
        EXPECT_STREQ(e.what(), "cannot notify on un-acquired lock");  // Python's message
    }
    EXPECT_THROW(cond.notify(3), asyncio::RuntimeError);
    EXPECT_THROW(cond.notify_all(), asyncio::RuntimeError);
    run_bounded([]() -> Coro<> {
        Condition cond;
        EXPECT_THROW(cond.notify(), asyncio::RuntimeError);
        EXPECT_THROW(cond.notify_all(), asyncio::RuntimeError);
        auto guard = co_await cond.lock().acquire();
        cond.notify();  // nobody waits: fine
        cond.notify_all();
    }());
}

TEST(Condition, NotifyWakesOneWaiterInFifoOrder) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        Log log;
        std::vector<Task<>> tasks;
        for (int i = 0; i < 3; ++i)
            tasks.push_back(asyncio::create_task(waiter(&cond, &log, numbered("w", i))));
        co_await asyncio::sleep(0s);  // all three wait, the lock is free
        EXPECT_FALSE(cond.lock().locked());
        for (int i = 0; i < 3; ++i) {
            co_await notify_n(&cond, 1);
            co_await turns(3);
            EXPECT_EQ(log.size(), static_cast<std::size_t>(i + 1));
        }
        for (Task<>& task : tasks) co_await task;
        EXPECT_EQ(log, (Log{"w0 woken, locked", "w1 woken, locked", "w2 woken, locked"}));
        EXPECT_FALSE(cond.lock().locked());
    }());
}

TEST(Condition, NotifyNWakesN) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        Log log;
        std::vector<Task<>> tasks;
        for (int i = 0; i < 5; ++i)
            tasks.push_back(asyncio::create_task(waiter(&cond, &log, numbered("w", i))));
        co_await asyncio::sleep(0s);
        co_await notify_n(&cond, 2);
        co_await turns(4);
        EXPECT_EQ(log, (Log{"w0 woken, locked", "w1 woken, locked"}));
        co_await notify_n(&cond, 10);  // more than wait: wakes the three left
        for (Task<>& task : tasks) co_await task;
        EXPECT_EQ(log, (Log{"w0 woken, locked", "w1 woken, locked", "w2 woken, locked",
                            "w3 woken, locked", "w4 woken, locked"}));
        EXPECT_FALSE(cond.lock().locked());
    }());
}

TEST(Condition, NotifyAllWakesEveryWaiterInOrder) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        Log log;
        std::vector<Task<>> tasks;
        for (int i = 0; i < 4; ++i)
            tasks.push_back(asyncio::create_task(waiter(&cond, &log, numbered("w", i))));
        co_await asyncio::sleep(0s);
        {
            auto guard = co_await cond.lock().acquire();
            cond.notify_all();
            co_await turns(2);  // woken, but they need the lock
            EXPECT_TRUE(log.empty());
            log.push_back("notifier unlocks");
        }
        for (Task<>& task : tasks) co_await task;
        EXPECT_EQ(log, (Log{"notifier unlocks", "w0 woken, locked", "w1 woken, locked",
                            "w2 woken, locked", "w3 woken, locked"}));
        EXPECT_FALSE(cond.lock().locked());
    }());
}

TEST(Condition, WaitReleasesTheLockAndTakesItBack) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        Log log;
        Task<> task = asyncio::create_task(waiter(&cond, &log, "w"));
        co_await asyncio::sleep(0s);
        EXPECT_FALSE(cond.lock().locked());  // released by wait()
        auto guard = co_await cond.lock().acquire();
        cond.notify();
        guard.unlock();
        co_await task;
        EXPECT_EQ(log, (Log{"w woken, locked"}));
        EXPECT_FALSE(cond.lock().locked());
    }());
}

Coro<> wait_for_value(Condition* cond, int* value, int wanted, Log* log) {
    auto guard = co_await cond->lock().acquire();
    int checks = 0;
    bool result = co_await cond->wait_for([&] {
        ++checks;
        return *value == wanted;
    });
    EXPECT_TRUE(result);
    EXPECT_TRUE(cond->lock().locked());
    log->push_back("saw " + std::to_string(*value) + " after " + std::to_string(checks) +
                   " checks");
}

TEST(Condition, WaitForReturnsWhenThePredicateHolds) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        Log log;
        int value = 0;
        Task<> task = asyncio::create_task(wait_for_value(&cond, &value, 2, &log));
        co_await asyncio::sleep(0s);
        for (int v = 1; v <= 2; ++v) {
            EXPECT_TRUE(log.empty());
            auto guard = co_await cond.lock().acquire();
            value = v;
            cond.notify_all();
            guard.unlock();
            co_await turns(3);
        }
        EXPECT_TRUE(task.done());
        co_await task;
        EXPECT_EQ(log, (Log{"saw 2 after 3 checks"}));
        EXPECT_FALSE(cond.lock().locked());
    }());
}

TEST(Condition, WaitForWithAPredicateAlreadyTrueDoesNotWait) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        auto guard = co_await cond.lock().acquire();
        bool turned = false;
        asyncio::get_running_loop().call_soon([&turned] { turned = true; });
        EXPECT_TRUE(co_await cond.wait_for([] { return true; }));
        EXPECT_FALSE(turned);
        EXPECT_TRUE(cond.lock().locked());
    }());
}

// Waits; on cancellation logs whether it holds the lock, then rethrows (its guard unlocks).
Coro<> cancelled_waiter(Condition* cond, Log* log) {
    auto guard = co_await cond->lock().acquire();
    try {
        co_await cond->wait();
        log->push_back("returned");
    } catch (const CancelledError&) {
        log->push_back(std::string("cancelled, locked: ") + (cond->lock().locked() ? "yes" : "no"));
        throw;
    }
}

TEST(Condition, CancelledWaiterRaisesHoldingTheLock) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        Log log;
        Task<> task = asyncio::create_task(cancelled_waiter(&cond, &log));
        co_await asyncio::sleep(0s);
        EXPECT_FALSE(cond.lock().locked());
        task.cancel();
        EXPECT_THROW(co_await task, CancelledError);
        EXPECT_EQ(log, (Log{"cancelled, locked: yes"}));
        EXPECT_FALSE(cond.lock().locked());  // its guard released it
    }());
}

// Cancelled while another task holds the lock: the waiter waits for the lock before it
// raises, so it never raises without the lock.
TEST(Condition, CancelledWaiterWaitsForTheLockBeforeRaising) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        Log log;
        Task<> task = asyncio::create_task(cancelled_waiter(&cond, &log));
        co_await asyncio::sleep(0s);
        auto guard = co_await cond.lock().acquire();
        task.cancel();
        co_await turns(3);
        EXPECT_FALSE(task.done());
        EXPECT_TRUE(log.empty());
        log.push_back("main unlocks");
        guard.unlock();
        EXPECT_THROW(co_await task, CancelledError);
        EXPECT_EQ(log, (Log{"main unlocks", "cancelled, locked: yes"}));
        EXPECT_FALSE(cond.lock().locked());
        auto again = co_await cond.lock().acquire();  // not lost
        EXPECT_TRUE(cond.lock().locked());
    }());
}

// Waits; logs how wait() ended and whether it held the lock, then meets any pending
// cancellation at its next co_await.
Coro<> notified_waiter(Condition* cond, Log* log) {
    auto guard = co_await cond->lock().acquire();
    try {
        co_await cond->wait();
        log->push_back(std::string("returned, locked: ") + (cond->lock().locked() ? "yes" : "no"));
    } catch (const CancelledError&) {
        log->push_back(std::string("wait raised, locked: ") +
                       (cond->lock().locked() ? "yes" : "no"));
        throw;
    }
    try {
        co_await asyncio::sleep(0s);
    } catch (const CancelledError&) {
        log->push_back("cancelled at the next co_await");
        throw;
    }
}

// Cancelled in the turn it was notified, before it ran, with the lock free when it runs:
// it keeps the notification (wait() returns holding the lock, the next waiter is not woken
// in its place) and the cancellation comes at its next co_await.
TEST(Condition, WaiterCancelledAfterNotifyKeepsTheNotification) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        Log log;
        Task<> a = asyncio::create_task(notified_waiter(&cond, &log));
        Task<> b = asyncio::create_task(waiter(&cond, &log, "b"));
        co_await asyncio::sleep(0s);
        {
            auto guard = co_await cond.lock().acquire();
            cond.notify();  // to a
            a.cancel();
        }
        EXPECT_THROW(co_await a, CancelledError);
        EXPECT_TRUE(a.cancelled());
        co_await turns(3);
        EXPECT_FALSE(b.done());  // the notification was a's, not passed on
        EXPECT_EQ(log, (Log{"returned, locked: yes", "cancelled at the next co_await"}));
        EXPECT_FALSE(cond.lock().locked());
        co_await notify_n(&cond, 1);
        co_await b;
        EXPECT_EQ(log, (Log{"returned, locked: yes", "cancelled at the next co_await",
                            "b woken, locked"}));
    }());
}

// The same, but the notifier still holds the lock when the waiter runs: taking the lock
// back is its next suspension point, so wait() raises there, once it holds the lock.
TEST(Condition, WaiterCancelledAfterNotifyWhileTheLockIsHeldRaisesHoldingIt) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        Log log;
        Task<> a = asyncio::create_task(notified_waiter(&cond, &log));
        Task<> b = asyncio::create_task(waiter(&cond, &log, "b"));
        co_await asyncio::sleep(0s);
        auto guard = co_await cond.lock().acquire();
        cond.notify();  // to a
        a.cancel();
        co_await turns(3);
        EXPECT_FALSE(a.done());  // waits for the lock before raising
        log.push_back("main unlocks");
        guard.unlock();
        EXPECT_THROW(co_await a, CancelledError);
        EXPECT_EQ(log, (Log{"main unlocks", "wait raised, locked: yes"}));
        EXPECT_FALSE(cond.lock().locked());
        EXPECT_FALSE(b.done());
        co_await notify_n(&cond, 1);
        co_await b;
        EXPECT_EQ(log.back(), "b woken, locked");
    }());
}

TEST(Condition, CancelledWaiterLeavesTheQueue) {
    run_bounded([]() -> Coro<> {
        Condition cond;
        Log log;
        Task<> a = asyncio::create_task(cancelled_waiter(&cond, &log));
        Task<> b = asyncio::create_task(waiter(&cond, &log, "b"));
        co_await asyncio::sleep(0s);
        a.cancel();
        EXPECT_THROW(co_await a, CancelledError);
        co_await notify_n(&cond, 1);  // goes to b
        co_await b;
        EXPECT_EQ(log, (Log{"cancelled, locked: yes", "b woken, locked"}));
    }());
}

TEST(Condition, OverAnExternalLockSharesIt) {
    run_bounded([]() -> Coro<> {
        Lock lock;
        Condition cond(lock);
        EXPECT_EQ(&cond.lock(), &lock);
        Log log;
        {
            auto guard = co_await lock.acquire();
            EXPECT_TRUE(cond.lock().locked());
            cond.notify();  // the condition sees the lock held
        }
        EXPECT_FALSE(cond.lock().locked());
        Task<> task = asyncio::create_task(waiter(&cond, &log, "w"));
        co_await asyncio::sleep(0s);
        EXPECT_FALSE(lock.locked());  // released by wait()
        auto guard = co_await lock.acquire();
        cond.notify();
        guard.unlock();
        co_await task;
        EXPECT_EQ(log, (Log{"w woken, locked"}));
        EXPECT_FALSE(lock.locked());
        Condition second(lock);  // two conditions over one lock
        auto again = co_await lock.acquire();
        EXPECT_TRUE(second.lock().locked());
        second.notify_all();
    }());
}

}  // namespace
