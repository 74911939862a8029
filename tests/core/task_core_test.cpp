// Cancellation delivery, Python's rules: where CancelledError is raised, what a cancelled
// wait leaves behind (nothing), and how cancellation passes to an awaited task or future.
#include "asyncio/detail/core/task_core.hpp"

#include <gtest/gtest.h>

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

Coro<> sleep_until_cancelled(Log* log) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError& e) {
        log->push_back("cancelled: " + e.message());
        throw;
    }
}

TEST(Cancellation, SleepingTaskRaisesAtItsAwaitWithTheMessage) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto task = asyncio::create_task(sleep_until_cancelled(log));
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(task.cancel("stop now"));
        EXPECT_EQ(task.cancelling(), 1u);
        try {
            co_await task;
            ADD_FAILURE() << "await of a cancelled task returned";
        } catch (const CancelledError& e) {
            EXPECT_EQ(e.message(), "stop now");
        }
        EXPECT_TRUE(task.cancelled());
        EXPECT_THROW((void)task.result(), CancelledError);
        EXPECT_THROW((void)task.exception(), CancelledError);
    }(&log));
    EXPECT_EQ(log, (Log{"cancelled: stop now"}));
}

TEST(Cancellation, TheRequestThatInterruptsAWaitKeepsItsMessage) {
    // Python: the first cancel() cancels the awaited future, whose CancelledError carries its
    // message; a second one before the task runs again only adds to the count.
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto task = asyncio::create_task(sleep_until_cancelled(log));
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(task.cancel("first"));
        EXPECT_TRUE(task.cancel("second"));
        EXPECT_EQ(task.cancelling(), 2u);
        try {
            co_await task;
        } catch (const CancelledError&) {
        }
    }(&log));
    EXPECT_EQ(log, (Log{"cancelled: first"}));
}

TEST(Cancellation, ATaskNotWaitingRaisesTheLastMessage) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto task = asyncio::create_task(sleep_until_cancelled(log));
        task.cancel("first");  // not started: nothing to interrupt
        task.cancel("second");
        try {
            co_await task;
        } catch (const CancelledError& e) {
            log->push_back("awaiter saw: " + e.message());
        }
    }(&log));
    EXPECT_EQ(log, (Log{"awaiter saw: second"}));
}

TEST(Cancellation, SleepingTaskLeavesTheTimerHeapAtOnce) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto task = asyncio::create_task(sleep_until_cancelled(log));
        co_await asyncio::sleep(0s);
        auto& timers = asyncio::detail::LoopAccess::timers(asyncio::get_running_loop());
        EXPECT_EQ(timers.size(), 1u);
        task.cancel();
        EXPECT_EQ(timers.size(), 0u);
        try {
            co_await task;
        } catch (const CancelledError&) {
        }
    }(&log));
}

TEST(Cancellation, CancelReturnsFalseOnceDone) {
    asyncio::run([]() -> Coro<> {
        auto task = asyncio::create_task([]() -> Coro<int> { co_return 1; }());
        co_await task;
        EXPECT_FALSE(task.cancel());
        EXPECT_FALSE(task.cancelled());
        EXPECT_EQ(task.result(), 1);
    }());
}

TEST(Cancellation, TaskCancelledBeforeItsFirstStepNeverRuns) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto body = [](Log* log) -> Coro<> {
            log->push_back("body ran");
            co_return;
        };
        auto task = asyncio::create_task(body(log));
        task.cancel("too early");
        try {
            co_await task;
        } catch (const CancelledError& e) {
            log->push_back("awaiter saw: " + e.message());
        }
        EXPECT_TRUE(task.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"awaiter saw: too early"}));
}

TEST(Cancellation, TaskMayCatchItAndGoOn) {
    asyncio::run([]() -> Coro<> {
        auto stubborn = []() -> Coro<int> {
            try {
                co_await asyncio::sleep(1h);
            } catch (const CancelledError&) {
                asyncio::current_task().uncancel();
            }
            co_await asyncio::sleep(0s);  // waits normally again
            co_return 7;
        };
        auto task = asyncio::create_task(stubborn());
        co_await asyncio::sleep(0s);
        task.cancel();
        EXPECT_EQ(co_await task, 7);
        EXPECT_FALSE(task.cancelled());
        EXPECT_EQ(task.cancelling(), 0u);
    }());
}

TEST(Cancellation, CancellingAndUncancelCountRequests) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto task = asyncio::create_task(sleep_until_cancelled(log));
        co_await asyncio::sleep(0s);
        EXPECT_EQ(task.cancelling(), 0u);
        EXPECT_TRUE(task.cancel());
        EXPECT_TRUE(task.cancel());
        EXPECT_EQ(task.cancelling(), 2u);
        EXPECT_EQ(task.uncancel(), 1u);
        EXPECT_THROW(co_await task, CancelledError);
    }(&log));
}

TEST(Cancellation, ReadyTaskRaisesAtTheAwaitThatWokeIt) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto yielder = [](Log* log) -> Coro<> {
            co_await asyncio::sleep(0s);  // the task is ready again when it is cancelled
            log->push_back("resumed normally");
            try {
                co_await asyncio::sleep(0s);
            } catch (const CancelledError&) {
                log->push_back("cancelled at second yield");
                throw;
            }
        };
        auto task = asyncio::create_task(yielder(log));
        co_await asyncio::sleep(0s);  // task ran up to its first yield, and is ready again
        task.cancel();
        try {
            co_await task;
        } catch (const CancelledError&) {
        }
    }(&log));
    // Python: the cancellation lands at the await where the task is suspended (the first
    // yield), so the body never reaches the second.
    EXPECT_EQ(log, (Log{}));
}

TEST(Cancellation, SelfCancelMeetsTheNextSuspensionWhichLeavesNoTrace) {
    asyncio::run([]() -> Coro<> {
        auto self_cancelling = []() -> Coro<std::string> {
            asyncio::current_task().cancel("self");
            try {
                co_await asyncio::sleep(1h);
            } catch (const CancelledError& e) {
                EXPECT_EQ(asyncio::detail::LoopAccess::timers(asyncio::get_running_loop()).size(),
                          0u);
                co_return "caught " + e.message();
            }
            co_return "not cancelled";
        };
        EXPECT_EQ(co_await asyncio::create_task(self_cancelling()), "caught self");
    }());
}

TEST(Cancellation, CancellingAnAwaitingTaskCancelsTheAwaitedTask) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto inner = asyncio::create_task(sleep_until_cancelled(log), "inner");
        auto outer_body = [](Task<> inner) -> Coro<> { co_await inner; };
        auto outer = asyncio::create_task(outer_body(inner), "outer");
        co_await asyncio::sleep(0s);
        outer.cancel("from main");
        try {
            co_await outer;
        } catch (const CancelledError& e) {
            log->push_back("outer: " + e.message());
        }
        EXPECT_TRUE(inner.cancelled());
        EXPECT_TRUE(outer.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"cancelled: from main", "outer: from main"}));
}

TEST(Cancellation, AwaitedTaskThatSwallowsItHandsItsValueToTheAwaiter) {
    asyncio::run([]() -> Coro<> {
        auto swallower = []() -> Coro<int> {
            try {
                co_await asyncio::sleep(1h);
            } catch (const CancelledError&) {
            }
            co_return 99;
        };
        auto inner = asyncio::create_task(swallower());
        auto outer_body = [](Task<int> inner) -> Coro<int> { co_return co_await inner; };
        auto outer = asyncio::create_task(outer_body(inner));
        co_await asyncio::sleep(0s);
        outer.cancel();
        EXPECT_EQ(co_await outer, 99);
        EXPECT_EQ(outer.cancelling(), 1u);
    }());
}

TEST(Cancellation, CancellingATaskAwaitingAFutureCancelsTheFuture) {
    asyncio::run([]() -> Coro<> {
        asyncio::Future<int> future;
        auto waiter = [](asyncio::Future<int> f) -> Coro<int> { co_return co_await f; };
        auto task = asyncio::create_task(waiter(future));
        co_await asyncio::sleep(0s);
        task.cancel("no more");
        EXPECT_THROW(co_await task, CancelledError);
        EXPECT_TRUE(future.cancelled());
    }());
}

TEST(Cancellation, IsNotAnErrorNorAStdException) {
    asyncio::run([]() -> Coro<> {
        auto body = []() -> Coro<std::string> {
            try {
                try {
                    co_await asyncio::sleep(1h);
                } catch (const asyncio::Error&) {
                    co_return "swallowed by asyncio::Error";
                } catch (const std::exception&) {
                    co_return "swallowed by std::exception";
                }
            } catch (const CancelledError&) {
                co_return "caught by name";
            }
            co_return "nothing";
        };
        auto task = asyncio::create_task(body());
        co_await asyncio::sleep(0s);
        task.cancel();
        EXPECT_EQ(co_await task, "caught by name");
    }());
}

TEST(Cancellation, CancelledInlineCoroutinePropagatesToTheTask) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto outer = [](Log* log) -> Coro<> {
            co_await sleep_until_cancelled(log);  // inline, not a task
            log->push_back("unreachable");
        };
        auto task = asyncio::create_task(outer(log));
        co_await asyncio::sleep(0s);
        task.cancel("deep");
        try {
            co_await task;
        } catch (const CancelledError&) {
        }
        EXPECT_TRUE(task.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"cancelled: deep"}));
}

}  // namespace
