// Event: wait() blocks until set(), set() wakes every waiter, a set event does not block,
// clear(), and a cancelled waiter that leaves no trace. Python's rules (test_locks.py:
// EventTests).
#include "asyncio/sync/event.hpp"

#include <gtest/gtest.h>

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
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::Event;
using asyncio::Task;
using namespace asyncio_test;

Coro<> turns(int n) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

Coro<> waiter(Event* event, Log* log, std::string name) {
    co_await event->wait();
    log->push_back(name);
}

// Waits, then meets a cancellation at its next co_await (logged, rethrown).
Coro<> waiter_then_sleep(Event* event, Log* log) {
    co_await event->wait();
    log->push_back("woken");
    try {
        co_await asyncio::sleep(0s);
    } catch (const CancelledError&) {
        log->push_back("cancelled at the next co_await");
        throw;
    }
}

TEST(Event, StartsClear) {
    Event event;
    EXPECT_FALSE(event.is_set());
    event.set();
    EXPECT_TRUE(event.is_set());
    event.clear();
    EXPECT_FALSE(event.is_set());
}

TEST(Event, WaitBlocksUntilSet) {
    run_bounded([]() -> Coro<> {
        Event event;
        Log log;
        Task<> task = asyncio::create_task(waiter(&event, &log, "woken"));
        co_await turns(3);
        EXPECT_FALSE(task.done());
        EXPECT_TRUE(log.empty());
        log.push_back("set");
        event.set();
        EXPECT_FALSE(task.done());  // woken, runs at the next turn
        co_await task;
        EXPECT_EQ(log, (Log{"set", "woken"}));
        EXPECT_TRUE(event.is_set());
    }());
}

TEST(Event, SetWakesEveryWaiterInOrder) {
    run_bounded([]() -> Coro<> {
        Event event;
        Log log;
        std::vector<Task<>> tasks;
        for (int i = 0; i < 4; ++i)
            tasks.push_back(asyncio::create_task(waiter(&event, &log, numbered("w", i))));
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(log.empty());
        event.set();
        co_await asyncio::sleep(0s);
        for (Task<>& task : tasks) EXPECT_TRUE(task.done());
        for (Task<>& task : tasks) co_await task;
        EXPECT_EQ(log, (Log{"w0", "w1", "w2", "w3"}));
    }());
}

TEST(Event, WaitOnASetEventReturnsAtOnce) {
    run_bounded([]() -> Coro<> {
        Event event;
        event.set();
        bool turned = false;
        asyncio::get_running_loop().call_soon([&turned] { turned = true; });
        co_await event.wait();
        co_await event.wait();
        EXPECT_FALSE(turned);  // no loop turn
        EXPECT_TRUE(event.is_set());
    }());
}

TEST(Event, ClearMakesWaitBlockAgain) {
    run_bounded([]() -> Coro<> {
        Event event;
        Log log;
        event.set();
        event.clear();
        EXPECT_FALSE(event.is_set());
        Task<> task = asyncio::create_task(waiter(&event, &log, "woken"));
        co_await turns(2);
        EXPECT_FALSE(task.done());
        event.set();
        co_await task;
        EXPECT_EQ(log, (Log{"woken"}));
    }());
}

// A waiter woken by set() runs even if the event is cleared before it does (as in Python).
TEST(Event, SetThenClearStillWakesTheWaiters) {
    run_bounded([]() -> Coro<> {
        Event event;
        Log log;
        Task<> task = asyncio::create_task(waiter(&event, &log, "woken"));
        co_await asyncio::sleep(0s);
        event.set();
        event.clear();
        co_await task;
        EXPECT_EQ(log, (Log{"woken"}));
        EXPECT_FALSE(event.is_set());
    }());
}

TEST(Event, CancelledWaiterRaisesAndLeavesNoTrace) {
    run_bounded([]() -> Coro<> {
        Event event;
        Log log;
        Task<> a = asyncio::create_task(waiter(&event, &log, "a"));
        Task<> b = asyncio::create_task(waiter(&event, &log, "b"));
        Task<> c = asyncio::create_task(waiter(&event, &log, "c"));
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(b.cancel("stop"));
        try {
            co_await b;
            ADD_FAILURE() << "the cancelled waiter returned";
        } catch (const CancelledError& e) {
            EXPECT_EQ(e.message(), "stop");
        }
        EXPECT_TRUE(b.cancelled());
        event.set();  // b's node is gone: no crash, no use after free
        co_await a;
        co_await c;
        EXPECT_EQ(log, (Log{"a", "c"}));
    }());
}

TEST(Event, OnlyWaiterCancelledThenSet) {
    run_bounded([]() -> Coro<> {
        Event event;
        Log log;
        {
            Task<> a = asyncio::create_task(waiter(&event, &log, "a"));
            co_await asyncio::sleep(0s);
            a.cancel();
            EXPECT_THROW(co_await a, CancelledError);
        }  // the task and its frame are gone
        event.set();
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(log.empty());
        co_await event.wait();
    }());
}

// Cancelled in the turn set() woke it, before it ran: the wait completes (the wake-up is
// kept) and the cancellation comes at the next co_await.
TEST(Event, WaiterCancelledAfterSetCompletesItsWait) {
    run_bounded([]() -> Coro<> {
        Event event;
        Log log;
        Task<> a = asyncio::create_task(waiter_then_sleep(&event, &log));
        co_await asyncio::sleep(0s);
        event.set();
        a.cancel();
        EXPECT_THROW(co_await a, CancelledError);
        EXPECT_EQ(log, (Log{"woken", "cancelled at the next co_await"}));
    }());
}

}  // namespace
