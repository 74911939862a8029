// as_completed: results in completion order, each failure out of its own await, a timeout
// that cancels nothing. Python's rules (test_tasks.py: test_as_completed*).
#include "asyncio/combinators/as_completed.hpp"

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
#include "asyncio/loop/virtual_clock.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::Task;
using asyncio::TimeoutError;
using namespace asyncio_test;

TEST(AsCompleted, ResultsComeInCompletionOrder) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(after(3ms, 3)), spawn(after(1ms, 1)), spawn(after(2ms, 2))};
        std::vector<int> results;
        for (auto next : asyncio::as_completed(tasks)) results.push_back(co_await next);
        EXPECT_EQ(results, (std::vector<int>{1, 2, 3}));
    }());
}

TEST(AsCompleted, LoopsOncePerTask) {
    run_bounded([]() -> Coro<> {
        Tasks tasks;
        for (int i = 0; i < 10; ++i)
            tasks.push_back(spawn(after(std::chrono::milliseconds(i % 3), i)));
        auto results = asyncio::as_completed(tasks);
        EXPECT_EQ(results.size(), 10u);
        int rounds = 0;
        int sum = 0;
        for (auto next : results) {
            sum += co_await next;
            ++rounds;
        }
        EXPECT_EQ(rounds, 10);
        EXPECT_EQ(sum, 45);
    }());
}

TEST(AsCompleted, ExceptionComesOutOfItsOwnAwaitAndIterationGoesOn) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Tasks tasks{spawn(after(3ms, 3)), spawn(fail_after(2ms, "boom")), spawn(after(1ms, 1))};
        for (auto next : asyncio::as_completed(tasks)) {
            try {
                log->push_back(std::to_string(co_await next));
            } catch (const std::runtime_error& e) {
                log->push_back(std::string("error: ") + e.what());
            }
        }
    }(&log));
    EXPECT_EQ(log, (Log{"1", "error: boom", "3"}));
}

TEST(AsCompleted, CancelledTaskRaisesCancelledErrorOutOfItsAwait) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        asyncio::Future<> gate;
        auto gated = [](asyncio::Future<> gate) -> Coro<int> {
            co_await gate;
            co_return 2;
        };
        Tasks tasks{spawn(after(1h, 0)), spawn(gated(gate))};
        // The first task is cancelled, then the second released: they finish in that order.
        asyncio::get_running_loop().call_later(1ms, [t = tasks[0], gate]() mutable {
            t.cancel();
            gate.set_result();
        });
        for (auto next : asyncio::as_completed(tasks)) {
            try {
                log->push_back(std::to_string(co_await next));
            } catch (const CancelledError&) {
                log->push_back("CancelledError");
            }
        }
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);  // it was not ours
    }(&log));
    EXPECT_EQ(log, (Log{"CancelledError", "2"}));
}

TEST(AsCompleted, TimeoutRaisesTimeoutErrorAndCancelsNothing) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto& timers = asyncio::detail::LoopAccess::timers(asyncio::get_running_loop());
        const std::size_t before = timers.size();
        Tasks tasks{spawn(after(1h, 0)), spawn(after(1ms, 1))};
        {
            for (auto next : asyncio::as_completed(tasks, 5ms)) {
                try {
                    log->push_back(std::to_string(co_await next));
                } catch (const TimeoutError&) {
                    log->push_back("TimeoutError");
                }
            }
        }
        EXPECT_FALSE(tasks[0].done());
        EXPECT_EQ(tasks[0].cancelling(), 0u);
        EXPECT_EQ(timers.size(), before + 1);  // the slow task's; as_completed's is gone
        co_await cancel_all(tasks);
    }(&log));
    EXPECT_EQ(log, (Log{"1", "TimeoutError"}));
}

// The deadline passes while the loop body is busy elsewhere (not awaiting the next result):
// the next await must raise TimeoutError at once, not wait for a task to finish.
TEST(AsCompleted, AwaitAfterTheDeadlineHasPassedRaisesAtOnce) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Tasks tasks{spawn(after(1ms, 1)), spawn(after(1h, 0))};
        auto guard = asyncio::get_running_loop().call_later(2s, [log, t = tasks[1]]() mutable {
            log->push_back("guard: the await hung, cancelling the slow task");
            t.cancel();
        });
        for (auto next : asyncio::as_completed(tasks, 5ms)) {
            try {
                log->push_back(std::to_string(co_await next));
            } catch (const TimeoutError&) {
                log->push_back("TimeoutError");
                break;
            } catch (const CancelledError&) {
                log->push_back("CancelledError");
                break;
            }
            co_await asyncio::sleep(20ms);  // past the deadline, between two awaits
        }
        guard.cancel();
        co_await cancel_all(tasks);
    }(&log));
    EXPECT_EQ(log, (Log{"1", "TimeoutError"}));
}

TEST(AsCompleted, TasksAlreadyDoneComeFirst) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(after(1ms, 10)), spawn(now(20))};
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(tasks[1].done());
        EXPECT_FALSE(tasks[0].done());
        std::vector<int> results;
        for (auto next : asyncio::as_completed(tasks)) results.push_back(co_await next);
        EXPECT_EQ(results, (std::vector<int>{20, 10}));
    }());
}

TEST(AsCompleted, DoneTaskGivesItsResultWithoutALoopTurn) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(now(5))};
        co_await asyncio::sleep(0s);
        bool turned = false;
        asyncio::get_running_loop().call_soon([&turned] { turned = true; });
        for (auto next : asyncio::as_completed(tasks)) EXPECT_EQ(co_await next, 5);
        EXPECT_FALSE(turned);
        co_await asyncio::sleep(0s);
    }());
}

TEST(AsCompleted, CoroInputsBecomeTasks) {
    run_bounded([]() -> Coro<> {
        std::vector<Coro<int>> coros;
        coros.push_back(after(3ms, 3));
        coros.push_back(after(1ms, 1));
        coros.push_back(after(2ms, 2));
        std::vector<int> results;
        for (auto next : asyncio::as_completed(std::move(coros))) results.push_back(co_await next);
        EXPECT_EQ(results, (std::vector<int>{1, 2, 3}));
    }());
}

TEST(AsCompleted, CancellingTheAwaiterRaisesAndLeavesTheTasksRunning) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto& timers = asyncio::detail::LoopAccess::timers(asyncio::get_running_loop());
        asyncio::Event go;
        Tasks tasks{spawn(when_set(&go, 1)), spawn(after(1h, 2))};
        co_await asyncio::sleep(0s);
        const std::size_t before = timers.size();
        auto waiter_body = [](Tasks tasks, Log* log) -> Coro<> {
            try {
                for (auto next : asyncio::as_completed(tasks, 1h)) {
                    log->push_back(std::to_string(co_await next));
                }
            } catch (const CancelledError& e) {
                log->push_back("waiter: CancelledError " + e.message());
                throw;
            }
        };
        auto waiter = asyncio::create_task(waiter_body(tasks, log));
        co_await asyncio::sleep(0s);
        waiter.cancel("stop");
        EXPECT_THROW(co_await waiter, CancelledError);
        EXPECT_EQ(timers.size(), before);  // the as_completed timeout is gone with it
        EXPECT_EQ(tasks[0].cancelling(), 0u);
        EXPECT_EQ(tasks[1].cancelling(), 0u);
        EXPECT_FALSE(tasks[0].done());
        go.set();
        EXPECT_EQ(co_await tasks[0], 1);  // finishes later, with nobody left to wake
        co_await asyncio::sleep(0s);
        EXPECT_FALSE(tasks[1].done());
        co_await cancel_all(tasks);
    }(&log));
    EXPECT_EQ(log, (Log{"waiter: CancelledError stop"}));
}

TEST(AsCompleted, VoidTasks) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto note = [](std::chrono::milliseconds delay, std::string what, Log* log) -> Coro<> {
            co_await asyncio::sleep(delay);
            log->push_back(what);
        };
        std::vector<Task<>> tasks{asyncio::create_task(note(2ms, "b", log)),
                                  asyncio::create_task(note(1ms, "a", log))};
        int rounds = 0;
        for (auto next : asyncio::as_completed(tasks)) {
            co_await next;
            ++rounds;
            EXPECT_GE(log->size(), static_cast<std::size_t>(rounds));  // one more has finished
        }
        EXPECT_EQ(rounds, 2);
    }(&log));
    EXPECT_EQ(log, (Log{"a", "b"}));
}

// Python's as_completed() takes a set: a task given twice gives its result once.
TEST(AsCompleted, ATaskGivenTwiceComesOnce) {
    run_bounded([]() -> Coro<> {
        Task<int> a = spawn(after(2ms, 1));
        Task<int> b = spawn(after(1ms, 2));
        Tasks tasks{a, b, a, a};
        auto results = asyncio::as_completed(tasks);
        EXPECT_EQ(results.size(), 2u);
        std::vector<int> values;
        for (auto next : results) values.push_back(co_await next);
        EXPECT_EQ(values, (std::vector<int>{2, 1}));
    }());
}

// Python 3.13's `async for task in as_completed(aws)`: the tasks themselves.

// On virtual time: the three deadlines stay 1 ms apart however slowly the tasks start (under a
// sanitizer on a busy machine, real time moves between their first steps).
TEST(AsCompletedAsync, GivesTheTasksInCompletionOrderThenEnds) {
    asyncio::run(
        []() -> Coro<> {
            Tasks tasks{spawn(after(3ms, 3)), spawn(after(1ms, 1)), spawn(after(2ms, 2))};
            std::vector<int> results;
            auto done = asyncio::as_completed(tasks);
            for (auto it = co_await done.begin(); it != done.end(); co_await ++it) {
                Task<int> task = *it;
                EXPECT_TRUE(task.done());
                const int value = co_await task;
                const std::size_t index = value == 3 ? 0 : std::size_t(value);
                EXPECT_TRUE(task == tasks[index]);  // the task given, not a copy of its result
                results.push_back(value);
            }
            EXPECT_EQ(results, (std::vector<int>{1, 2, 3}));
        }(),
        {.clock = asyncio::VirtualClock()});
}

TEST(AsCompletedAsync, NoTasksEndsAtOnce) {
    run_bounded([]() -> Coro<> {
        auto done = asyncio::as_completed(Tasks{});
        auto it = co_await done.begin();
        EXPECT_TRUE(it == done.end());
    }());
}

TEST(AsCompletedAsync, AFailedTaskComesOutAndRaisesWhenAwaited) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Tasks tasks{spawn(after(2ms, 2)), spawn(fail_after(1ms, "boom"))};
        auto done = asyncio::as_completed(tasks);
        for (auto it = co_await done.begin(); it != done.end(); co_await ++it) {
            try {
                log->push_back(std::to_string(co_await *it));
            } catch (const std::runtime_error& e) {
                log->push_back(e.what());
            }
        }
    }(&log));
    EXPECT_EQ(log, (Log{"boom", "2"}));
}

TEST(AsCompletedAsync, TimeoutRaisesTimeoutErrorAtTheStep) {
    run_bounded([]() -> Coro<> {
        asyncio::Event never;
        Tasks tasks{spawn(after(0ms, 1)), spawn(when_set(&never, 2))};
        std::vector<int> results;
        auto done = asyncio::as_completed(tasks, 10ms);
        try {
            for (auto it = co_await done.begin(); it != done.end(); co_await ++it) {
                results.push_back(co_await *it);
            }
            ADD_FAILURE() << "no TimeoutError";
        } catch (const TimeoutError&) {
        }
        EXPECT_EQ(results, (std::vector<int>{1}));
        EXPECT_FALSE(tasks[1].done());  // nothing is cancelled
        co_await cancel_all(tasks);
    }());
}

TEST(AsCompletedAsync, BreakingOutLeavesTheOtherTasksRunning) {
    run_bounded([]() -> Coro<> {
        asyncio::Event go;
        Tasks tasks{spawn(after(0ms, 1)), spawn(when_set(&go, 2))};
        {
            auto done = asyncio::as_completed(tasks);
            for (auto it = co_await done.begin(); it != done.end(); co_await ++it) break;
        }
        go.set();
        EXPECT_EQ(co_await tasks[1], 2);
    }());
}

TEST(AsCompletedAsync, CancellingTheConsumerLeavesTheTasksRunning) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        asyncio::Event go;
        Tasks tasks{spawn(when_set(&go, 1))};
        auto consumer = [](Tasks tasks, Log* log) -> Coro<> {
            try {
                auto done = asyncio::as_completed(tasks);
                for (auto it = co_await done.begin(); it != done.end(); co_await ++it) {
                    log->push_back(std::to_string(co_await *it));
                }
            } catch (const CancelledError&) {
                log->push_back("CancelledError");
                throw;
            }
        };
        auto task = asyncio::create_task(consumer(tasks, log));
        co_await asyncio::sleep(0s);
        task.cancel();
        EXPECT_THROW(co_await task, CancelledError);
        EXPECT_EQ(tasks[0].cancelling(), 0u);
        go.set();
        EXPECT_EQ(co_await tasks[0], 1);
    }(&log));
    EXPECT_EQ(log, (Log{"CancelledError"}));
}

}  // namespace
