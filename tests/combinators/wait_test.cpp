// wait: the three conditions, the timeout that is not an error, the order of the lists, and
// a cancelled waiter that leaves the tasks alone. Python's rules (test_tasks.py: test_wait*).
#include "asyncio/combinators/wait.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

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

// The values of the tasks, for comparing lists.
std::vector<int> values(const Tasks& tasks) {
    std::vector<int> out;
    for (const Task<int>& task : tasks) out.push_back(task.result());
    return out;
}

bool same(const Tasks& a, const Tasks& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!(a[i] == b[i])) return false;
    }
    return true;
}

TEST(Wait, AllCompletedIsTheDefault) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(after(3ms, 1)), spawn(after(1ms, 2)), spawn(after(2ms, 3))};
        auto [done, pending] = co_await asyncio::wait(tasks);
        EXPECT_TRUE(pending.empty());
        EXPECT_TRUE(same(done, tasks));  // the order of the input, not of completion
        EXPECT_EQ(values(done), (std::vector<int>{1, 2, 3}));
    }());
}

TEST(Wait, FirstCompletedReturnsAsSoonAsOneIsDone) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(after(1h, 1)), spawn(after(1ms, 2)), spawn(after(1h, 3))};
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED);
        EXPECT_EQ(done.size(), 1u);
        EXPECT_TRUE(same(done, Tasks{tasks[1]}));
        EXPECT_TRUE(same(pending, Tasks{tasks[0], tasks[2]}));
        EXPECT_EQ(tasks[1].result(), 2);
        EXPECT_FALSE(tasks[0].done());
        EXPECT_FALSE(tasks[2].done());
        co_await cancel_all(pending);
    }());
}

// Two tasks finish in the same turn, the later one in the input first: both are done when
// the waiter runs, and both lists keep the order of the input.
TEST(Wait, FirstCompletedKeepsTheInputOrderInBothLists) {
    run_bounded([]() -> Coro<> {
        Task<int> first = spawn(now(3));  // created first: finishes first
        Task<int> second = spawn(now(1));
        Tasks tasks{spawn(after(1h, 0)), second, spawn(after(1h, 2)), first, spawn(after(1h, 4))};
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED);
        EXPECT_TRUE(same(done, Tasks{tasks[1], tasks[3]}));
        EXPECT_TRUE(same(pending, Tasks{tasks[0], tasks[2], tasks[4]}));
        co_await cancel_all(pending);
    }());
}

TEST(Wait, FirstExceptionReturnsAtTheFirstFailure) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(after(1h, 0)), spawn(after(1ms, 1)), spawn(fail_after(3ms, "boom")),
                    spawn(after(1h, 3))};
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_EXCEPTION);
        EXPECT_TRUE(same(done, Tasks{tasks[1], tasks[2]}));
        EXPECT_TRUE(same(pending, Tasks{tasks[0], tasks[3]}));
        EXPECT_TRUE(tasks[2].done());
        if (tasks[2].done()) {
            EXPECT_THROW((void)tasks[2].result(), std::runtime_error);
        }
        co_await cancel_all(pending);
    }());
}

TEST(Wait, FirstExceptionWithNoFailureIsAllCompleted) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(after(3ms, 1)), spawn(after(1ms, 2)), spawn(now(3))};
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_EXCEPTION);
        EXPECT_TRUE(pending.empty());
        EXPECT_TRUE(same(done, tasks));
        EXPECT_EQ(values(done), (std::vector<int>{1, 2, 3}));
    }());
}

TEST(Wait, FirstExceptionDoesNotCountACancellation) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(after(1h, 1)), spawn(after(3ms, 2))};
        asyncio::get_running_loop().call_later(1ms, [t = tasks[0]]() mutable { t.cancel(); });
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_EXCEPTION);
        EXPECT_TRUE(pending.empty());  // it went on after the cancellation, to the end
        EXPECT_TRUE(same(done, tasks));
        EXPECT_TRUE(tasks[0].cancelled());
        EXPECT_EQ(tasks[1].result(), 2);
    }());
}

TEST(Wait, TimeoutReturnsWithoutRaisingAndCancelsNothing) {
    run_bounded([]() -> Coro<> {
        auto& timers = asyncio::detail::LoopAccess::timers(asyncio::get_running_loop());
        Tasks tasks{spawn(after(1h, 1)), spawn(now(2))};
        co_await asyncio::sleep(0s);  // both started: the slow one's timer is armed
        const std::size_t before = timers.size();
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::ALL_COMPLETED, 5ms);
        EXPECT_TRUE(same(done, Tasks{tasks[1]}));
        EXPECT_TRUE(same(pending, Tasks{tasks[0]}));
        EXPECT_FALSE(tasks[0].done());
        EXPECT_EQ(tasks[0].cancelling(), 0u);
        EXPECT_EQ(timers.size(), before);  // wait's own timer is gone
        co_await cancel_all(pending);
    }());
}

TEST(Wait, TimeoutUnusedWhenTheConditionHoldsFirst) {
    run_bounded([]() -> Coro<> {
        auto& timers = asyncio::detail::LoopAccess::timers(asyncio::get_running_loop());
        const std::size_t before = timers.size();
        Tasks tasks{spawn(after(1ms, 1))};
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::ALL_COMPLETED, 1h);
        EXPECT_EQ(done.size(), 1u);
        EXPECT_TRUE(pending.empty());
        EXPECT_EQ(timers.size(), before);
    }());
}

TEST(Wait, EmptyListIsValueError) {
    run_bounded([]() -> Coro<> {
        EXPECT_THROW(co_await asyncio::wait(Tasks{}), asyncio::ValueError);
        EXPECT_THROW(co_await asyncio::wait(Tasks{}, asyncio::FIRST_COMPLETED, 1s),
                     asyncio::ValueError);
    }());
}

TEST(Wait, CancellingTheWaiterRaisesAndLeavesTheTasksAndNoTimer) {
    run_bounded([]() -> Coro<> {
        auto& timers = asyncio::detail::LoopAccess::timers(asyncio::get_running_loop());
        asyncio::Event go;
        Tasks tasks{spawn(after(1h, 1)), spawn(when_set(&go, 2))};
        co_await asyncio::sleep(0s);
        const std::size_t before = timers.size();
        auto waiter_body = [](Tasks tasks) -> Coro<std::string> {
            try {
                co_await asyncio::wait(tasks, asyncio::ALL_COMPLETED, 1h);
            } catch (const CancelledError& e) {
                throw CancelledError("waiter saw " + e.message());
            }
            co_return "returned";
        };
        auto waiter = asyncio::create_task(waiter_body(tasks));
        co_await asyncio::sleep(0s);
        EXPECT_EQ(timers.size(), before + 1);  // wait's timeout
        waiter.cancel("stop");
        EXPECT_EQ(timers.size(), before);  // left the heap at once
        try {
            co_await waiter;
            ADD_FAILURE() << "the waiter returned";
        } catch (const CancelledError& e) {
            EXPECT_EQ(e.message(), "waiter saw stop");
        }
        EXPECT_FALSE(tasks[0].done());
        EXPECT_EQ(tasks[0].cancelling(), 0u);
        EXPECT_EQ(tasks[1].cancelling(), 0u);
        go.set();
        EXPECT_EQ(co_await tasks[1], 2);  // completes later with no waiter to wake
        co_await asyncio::sleep(0s);
        EXPECT_FALSE(tasks[0].done());
        co_await cancel_all(tasks);
    }());
}

TEST(Wait, TasksAlreadyDoneCountAtOnce) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(now(1)), spawn(after(1h, 2))};
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(tasks[0].done());
        bool turned = false;
        asyncio::get_running_loop().call_soon([&turned] { turned = true; });
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED);
        EXPECT_FALSE(turned);  // satisfied without a loop turn
        EXPECT_TRUE(same(done, Tasks{tasks[0]}));
        EXPECT_TRUE(same(pending, Tasks{tasks[1]}));
        co_await cancel_all(pending);
    }());
}

TEST(Wait, AllAlreadyDoneReturnsAtOnce) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(now(1)), spawn(now(2))};
        co_await asyncio::sleep(0s);
        bool turned = false;
        asyncio::get_running_loop().call_soon([&turned] { turned = true; });
        auto [done, pending] = co_await asyncio::wait(tasks);
        EXPECT_FALSE(turned);
        EXPECT_TRUE(same(done, tasks));
        EXPECT_TRUE(pending.empty());
        co_await asyncio::sleep(0s);
    }());
}

TEST(Wait, AlreadyFailedTaskSatisfiesFirstException) {
    run_bounded([]() -> Coro<> {
        Tasks tasks{spawn(after(1h, 0)), spawn(fail_after(0ms, "early"))};
        co_await asyncio::sleep(1ms);
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(tasks[1].done());
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_EXCEPTION);
        EXPECT_TRUE(same(done, Tasks{tasks[1]}));
        EXPECT_TRUE(same(pending, Tasks{tasks[0]}));
        EXPECT_THROW((void)tasks[1].result(), std::runtime_error);
        co_await cancel_all(pending);
    }());
}

TEST(Wait, VoidTasks) {
    run_bounded([]() -> Coro<> {
        auto quick = []() -> Coro<> { co_await asyncio::sleep(1ms); };
        std::vector<Task<>> tasks{asyncio::create_task(quick()), asyncio::create_task(quick())};
        auto [done, pending] = co_await asyncio::wait(tasks);
        EXPECT_EQ(done.size(), 2u);
        EXPECT_TRUE(pending.empty());
    }());
}

// Python's wait() wakes the waiting task one turn after the first completion (a done callback
// completes its own future, which wakes the waiter a turn later): a task that finishes on
// that next turn is in `done` too.
TEST(Wait, FirstCompletedSeesTasksFinishingOnTheFollowingTurn) {
    run_bounded([]() -> Coro<> {
        auto after_turns = [](int turns, int value) -> Coro<int> {
            for (int i = 0; i < turns; ++i) co_await asyncio::sleep(0s);
            co_return value;
        };
        Task<int> a = spawn(after_turns(0, 1));  // finishes on the next turn
        Task<int> b = spawn(after_turns(1, 2));  // ... and one turn later
        Tasks tasks{b, a};
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED);
        EXPECT_TRUE(same(done, tasks));
        EXPECT_TRUE(pending.empty());
    }());
}

// A cancellation that arrives after the condition held but before the waiter ran is still
// delivered (Python: the task's wake-up meets _must_cancel).
TEST(Wait, CancelledBetweenTheConditionAndTheWakeUpStillRaises) {
    run_bounded([]() -> Coro<> {
        Task<int> quick = spawn([]() -> Coro<int> {
            co_await asyncio::sleep(0s);
            co_return 1;
        }());
        auto waiter = asyncio::create_task([](Task<int> quick) -> Coro<int> {
            Tasks tasks{quick};
            co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED);
            co_return 0;
        }(quick));
        co_await asyncio::sleep(0s);  // the waiter suspends
        co_await asyncio::sleep(0s);  // quick finishes: the wake-up is on its way
        EXPECT_TRUE(quick.done());
        EXPECT_FALSE(waiter.done());
        waiter.cancel();
        try {
            co_await waiter;
            ADD_FAILURE() << "the waiter returned";
        } catch (const CancelledError&) {
        }
        EXPECT_TRUE(waiter.cancelled());
    }());
}

// Python's wait() takes a set: a task given twice is one task.
TEST(Wait, ATaskGivenTwiceIsListedOnce) {
    run_bounded([]() -> Coro<> {
        Task<int> a = spawn(after(1ms, 1));
        Task<int> b = spawn(after(1h, 2));
        Tasks tasks{a, b, a, b, a};
        auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED);
        EXPECT_TRUE(same(done, Tasks{a}));
        EXPECT_TRUE(same(pending, Tasks{b}));
        co_await cancel_all(pending);
    }());
}

}  // namespace
