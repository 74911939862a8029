// wait_for: one awaitable with a deadline, a task cancelled when time runs out, timeouts of
// zero or less, and cancellations from outside. Python's rules (test_waitfor.py).
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/sync/event.hpp"
#include "asyncio/sync/lock.hpp"
#include "asyncio/sync/queue.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::Task;
using asyncio::TimeoutError;
using namespace asyncio_test;

TEST(WaitFor, ValueInTime) {
    run_bounded([]() -> Coro<> {
        EXPECT_EQ(co_await asyncio::wait_for(after(1ms, 5), 1h), 5);
        auto task = asyncio::create_task(after(1ms, 6));
        EXPECT_EQ(co_await asyncio::wait_for(task, 1h), 6);
    }());
}

// Python's wait_for takes any awaitable: a sleep, an Event's wait(), a Queue's get(), a Lock's
// acquire().
TEST(WaitFor, AnyAwaitable) {
    run_bounded([]() -> Coro<> {
        EXPECT_THROW(co_await asyncio::wait_for(asyncio::sleep(1h), 1ms), TimeoutError);
        co_await asyncio::wait_for(asyncio::sleep(1ms), 1h);  // in time: nothing raised

        asyncio::Event event;
        EXPECT_THROW(co_await asyncio::wait_for(event.wait(), 1ms), TimeoutError);
        auto setter = asyncio::create_task([](asyncio::Event* event) -> Coro<> {
            event->set();
            co_return;
        }(&event));
        co_await asyncio::wait_for(event.wait(), 1h);
        EXPECT_TRUE(event.is_set());

        asyncio::Queue<std::string> queue;
        EXPECT_THROW(co_await asyncio::wait_for(queue.get(), 0s), TimeoutError);
        queue.put_nowait("item");
        EXPECT_EQ(co_await asyncio::wait_for(queue.get(), 1h), "item");
        EXPECT_TRUE(queue.empty());  // the timed-out get() left no waiter behind
        co_await setter;

        asyncio::Lock lock;
        {
            auto guard = co_await asyncio::wait_for(lock.acquire(), 1h);
            EXPECT_THROW(co_await asyncio::wait_for(lock.acquire(), 1ms), TimeoutError);
        }
        EXPECT_FALSE(lock.locked());  // the timed-out acquire() left no waiter to hand it to
    }());
}

TEST(WaitFor, LateCoroRaisesTimeoutErrorAfterItsCleanup) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        try {
            co_await asyncio::wait_for(sleep_forever(log), 1ms);
        } catch (const TimeoutError&) {
            log->push_back("TimeoutError");
        }
    }(&log));
    EXPECT_EQ(log, (Log{"block: CancelledError", "TimeoutError"}));
}

TEST(WaitFor, TaskIsCancelledWhenTimeRunsOut) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto task = asyncio::create_task(sleep_forever(log));
        EXPECT_THROW(co_await asyncio::wait_for(task, 1ms), TimeoutError);
        EXPECT_TRUE(task.done());
        EXPECT_TRUE(task.cancelled());
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
    }(&log));
    EXPECT_EQ(log, (Log{"block: CancelledError"}));
}

// Python's test_wait_for_waits_for_task_cancellation: the TimeoutError comes once the task
// has finished unwinding, not before.
TEST(WaitFor, WaitsForTheTaskToFinishItsCancellation) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto slow_cleanup = [](Log* log) -> Coro<> {
            bool cancelled = false;
            try {
                co_await asyncio::sleep(1h);
            } catch (const CancelledError&) {
                cancelled = true;
            }
            if (cancelled) {
                co_await asyncio::sleep(2ms);
                log->push_back("task cleanup done");
                throw CancelledError();
            }
        };
        auto task = asyncio::create_task(slow_cleanup(log));
        try {
            co_await asyncio::wait_for(task, 1ms);
        } catch (const TimeoutError&) {
            log->push_back(task.done() ? "TimeoutError, task done" : "TimeoutError, task pending");
        }
        EXPECT_TRUE(task.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"task cleanup done", "TimeoutError, task done"}));
}

TEST(WaitFor, AlreadyFinishedTaskGivesItsValue) {
    run_bounded([]() -> Coro<> {
        auto task = asyncio::create_task(after(0ms, 8));
        co_await task;
        EXPECT_EQ(co_await asyncio::wait_for(task, 1h), 8);
        EXPECT_EQ(co_await asyncio::wait_for(task, 0s), 8);
        EXPECT_EQ(co_await asyncio::wait_for(task, -1s), 8);
    }());
}

TEST(WaitFor, ExceptionsPropagateWithTheirType) {
    run_bounded([]() -> Coro<> {
        auto fail = []() -> Coro<int> {
            co_await asyncio::sleep(1ms);
            throw std::invalid_argument("bad input");
        };
        try {
            co_await asyncio::wait_for(fail(), 1h);
            ADD_FAILURE() << "wait_for returned";
        } catch (const std::invalid_argument& e) {
            EXPECT_STREQ(e.what(), "bad input");
        }
        auto task = asyncio::create_task(fail());
        EXPECT_THROW(co_await asyncio::wait_for(task, 1h), std::invalid_argument);
    }());
}

TEST(WaitFor, ZeroOrNegativeTimeoutOnAPendingTaskIsTimeoutError) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto a = asyncio::create_task(sleep_forever(log));
        EXPECT_THROW(co_await asyncio::wait_for(a, 0s), TimeoutError);
        EXPECT_TRUE(a.cancelled());
        auto b = asyncio::create_task(sleep_forever(log));
        EXPECT_THROW(co_await asyncio::wait_for(b, -1s), TimeoutError);
        EXPECT_TRUE(b.cancelled());
    }(&log));
}

// Python's test_cancel_wait_for (bpo-23219): cancelling the waiting task cancels the task it
// waits for too, and the waiter sees CancelledError, not TimeoutError.
TEST(WaitFor, CancellingTheWaiterCancelsTheTask) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto task = asyncio::create_task(sleep_forever(log));
        auto waiter_body = [](Task<> task) -> Coro<> { co_await asyncio::wait_for(task, 1h); };
        auto waiter = asyncio::create_task(waiter_body(task));
        asyncio::get_running_loop().call_soon([waiter]() mutable { waiter.cancel(); });
        EXPECT_THROW(co_await waiter, CancelledError);
        EXPECT_TRUE(waiter.cancelled());
        EXPECT_TRUE(task.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"block: CancelledError"}));
}

// Python's test_wait_for_issue86296: the awaited task completes in the turn the waiting task
// is cancelled; wait_for must not swallow that cancellation.
TEST(WaitFor, DoesNotSwallowACancellationFromOutside) {
    run_bounded([]() -> Coro<> {
        auto inner_body = []() -> Coro<std::string> {
            co_await asyncio::sleep(0s);
            co_return "done";
        };
        auto waiter_body = [](Task<std::string> inner, bool* reached_end) -> Coro<> {
            co_await asyncio::wait_for(inner, 100s);
            co_await asyncio::sleep(1h);
            *reached_end = true;
        };
        bool reached_end = false;
        auto inner = asyncio::create_task(inner_body());
        auto waiter = asyncio::create_task(waiter_body(inner, &reached_end));
        co_await asyncio::sleep(0s);  // both start; the waiter awaits the inner task
        co_await asyncio::sleep(0s);  // the inner task completes, waking the waiter
        waiter.cancel();
        EXPECT_THROW(co_await waiter, CancelledError);
        EXPECT_TRUE(waiter.cancelled());
        EXPECT_TRUE(inner.done());
        EXPECT_EQ(co_await inner, "done");
        EXPECT_FALSE(reached_end);
    }());
}

// Python 3.12 (tasks.py, wait_for): with a timeout <= 0 the coroutine never starts, and the
// await raises TimeoutError at once.
TEST(WaitFor, ZeroOrNegativeTimeoutNeverStartsACoro) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto body = [](Log* log) -> Coro<int> {
            log->push_back("started");
            co_return 1;
        };
        EXPECT_THROW(co_await asyncio::wait_for(body(log), 0s), TimeoutError);
        EXPECT_THROW(co_await asyncio::wait_for(body(log), -1s), TimeoutError);
        EXPECT_THROW(co_await asyncio::wait_for(sleep_forever(log), 0ms), TimeoutError);
    }(&log));
    EXPECT_TRUE(log.empty());
}

// ... and a pending task that swallows its cancellation still hands over its value.
TEST(WaitFor, ZeroTimeoutOnATaskThatSwallowsTheCancellationGivesItsValue) {
    run_bounded([]() -> Coro<> {
        auto stubborn = []() -> Coro<int> {
            try {
                co_await asyncio::sleep(1h);
            } catch (const CancelledError&) {
            }
            co_return 7;
        };
        auto task = asyncio::create_task(stubborn());
        co_await asyncio::sleep(0s);
        EXPECT_EQ(co_await asyncio::wait_for(task, 0s), 7);
    }());
}

}  // namespace
