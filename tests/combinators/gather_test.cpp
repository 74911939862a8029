// gather: argument order, the first exception, return_exceptions, and cancellation both ways.
#include "asyncio/combinators/gather.hpp"
#include "asyncio/combinators/task_group.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "asyncio/core/future.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Coro;
using namespace asyncio_test;

Coro<std::string> word(std::string w) {
    co_await asyncio::sleep(0s);
    co_return w;
}

Coro<> nothing() { co_return; }

TEST(Gather, TupleInArgumentOrderNotCompletionOrder) {
    asyncio::run([]() -> Coro<> {
        auto [slow, fast, text, none] =
            co_await asyncio::gather(after(20ms, 1), after(1ms, 2), word("w"), nothing());
        EXPECT_EQ(slow, 1);
        EXPECT_EQ(fast, 2);
        EXPECT_EQ(text, "w");
        EXPECT_EQ(none, std::monostate{});
    }());
}

TEST(Gather, ChildrenStartInArgumentOrder) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        co_await asyncio::gather(note(log, "a"), note(log, "b"), note(log, "c"));
    }(&log));
    EXPECT_EQ(log, (Log{"a", "b", "c"}));
}

TEST(Gather, AcceptsTasksAndCoros) {
    asyncio::run([]() -> Coro<> {
        auto task = asyncio::create_task(after(1ms, 10));
        auto [a, b] = co_await asyncio::gather(task, after(0ms, 5));
        EXPECT_EQ(a + b, 15);
        EXPECT_EQ(task.result(), 10);
    }());
}

TEST(Gather, RangeFormKeepsOrder) {
    asyncio::run([]() -> Coro<> {
        std::vector<Coro<int>> coros;
        for (int i = 0; i < 100; ++i) coros.push_back(after(std::chrono::milliseconds(i % 7), i));
        std::vector<int> values = co_await asyncio::gather(std::move(coros));
        EXPECT_EQ(values.size(), 100u);
        if (values.size() != 100u) co_return;
        for (int i = 0; i < 100; ++i) EXPECT_EQ(values[i], i);
    }());
}

TEST(Gather, EmptyRangeAndEmptyTuple) {
    asyncio::run([]() -> Coro<> {
        std::vector<int> values = co_await asyncio::gather(std::vector<Coro<int>>{});
        EXPECT_TRUE(values.empty());
        std::tuple<> none = co_await asyncio::gather();
        (void)none;
    }());
}

TEST(Gather, FirstExceptionPropagatesAndTheOthersKeepRunning) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        // The slow child finishes only once released, after the gather has raised: no
        // timing involved.
        asyncio::Future<> release;
        auto slow = [](Log* log, asyncio::Future<> release) -> Coro<int> {
            co_await release;
            log->push_back("slow finished");
            co_return 1;
        };
        auto slow_task = asyncio::create_task(slow(log, release));
        try {
            co_await asyncio::gather(slow_task, fail_after(1ms, "first"),
                                     fail_after(2ms, "second"));
            ADD_FAILURE() << "gather did not throw";
        } catch (const std::runtime_error& e) {
            log->push_back(std::string("caught ") + e.what());
        }
        EXPECT_FALSE(slow_task.done());
        release.set_result();
        co_await slow_task;
    }(&log));
    EXPECT_EQ(log, (Log{"caught first", "slow finished"}));
}

TEST(Gather, FailuresAfterTheFirstAreNotReportedAsUnretrieved) {
    testing::internal::CaptureStderr();
    asyncio::run([]() -> Coro<> {
        try {
            co_await asyncio::gather(fail_after(1ms, "first"), fail_after(2ms, "second"));
        } catch (const std::runtime_error&) {
        }
        co_await asyncio::sleep(5ms);
    }());
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(Gather, ReturnExceptionsGivesEveryOutcome) {
    asyncio::run([]() -> Coro<> {
        auto [a, b, c] = co_await asyncio::gather(asyncio::return_exceptions, after(1ms, 1),
                                                  fail_after(0ms, "bad"), nothing());
        EXPECT_TRUE(a.has_value());
        EXPECT_EQ(a.value(), 1);
        EXPECT_TRUE(b.has_exception());
        EXPECT_THROW((void)b.value(), std::runtime_error);
        EXPECT_TRUE(c.has_value());

        std::vector<Coro<int>> coros;
        coros.push_back(after(0ms, 4));
        coros.push_back(fail_after(0ms, "x"));
        auto outcomes = co_await asyncio::gather(asyncio::return_exceptions, std::move(coros));
        EXPECT_EQ(outcomes.size(), 2u);
        if (outcomes.size() != 2u) co_return;
        EXPECT_EQ(outcomes[0].value(), 4);
        EXPECT_NE(outcomes[1].exception(), nullptr);
    }());
}

TEST(Gather, CancelledChildRaisesCancelledErrorInTheAwaiter) {
    asyncio::run([]() -> Coro<> {
        auto child = asyncio::create_task(after(1h, 0));
        auto other = asyncio::create_task(after(1ms, 1));
        asyncio::get_running_loop().call_soon([child]() mutable { child.cancel(); });
        EXPECT_THROW(co_await asyncio::gather(child, other), CancelledError);
        EXPECT_EQ(co_await other, 1);  // the gather itself was not cancelled
    }());
}

TEST(Gather, CancellingTheAwaiterCancelsEveryChild) {
    asyncio::run([]() -> Coro<> {
        auto a = asyncio::create_task(after(1h, 1));
        auto b = asyncio::create_task(after(1h, 2));
        auto gatherer = [](asyncio::Task<int> a, asyncio::Task<int> b) -> Coro<> {
            co_await asyncio::gather(a, b);
        };
        auto outer = asyncio::create_task(gatherer(a, b));
        co_await asyncio::sleep(0s);
        outer.cancel("enough");
        EXPECT_THROW(co_await outer, CancelledError);
        EXPECT_TRUE(a.cancelled());
        EXPECT_TRUE(b.cancelled());
        EXPECT_EQ(asyncio::detail::LoopAccess::timers(asyncio::get_running_loop()).size(), 0u);
    }());
}

TEST(Gather, ReturnExceptionsAndCancelledAwaiterStillRaises) {
    asyncio::run([]() -> Coro<> {
        auto gatherer = []() -> Coro<> {
            co_await asyncio::gather(asyncio::return_exceptions, after(1h, 1), after(1h, 2));
        };
        auto outer = asyncio::create_task(gatherer());
        co_await asyncio::sleep(0s);
        co_await asyncio::sleep(0s);
        outer.cancel();
        EXPECT_THROW(co_await outer, CancelledError);
    }());
}

// As Python's done callbacks, those waiting on a child are told in the order they came,
// whether the gather came first or not.
Coro<> await_and_note(asyncio::Task<int> task, Log* log, std::string what) {
    co_await task;
    log->push_back(what);
}

TEST(Gather, WakesInTheOrderItsWaitersCame) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto child = asyncio::create_task(after(1ms, 7));
        auto first = asyncio::create_task(await_and_note(child, log, "waiter before"));
        co_await asyncio::sleep(0s);  // `first` waits on the child before the gather does
        auto last = asyncio::create_task(await_and_note(child, log, "waiter after"));
        auto [value] = co_await asyncio::gather(child);
        log->push_back("gather");
        EXPECT_EQ(value, 7);
        co_await first;
        co_await last;
    }(&log));
    EXPECT_EQ(log, (Log{"waiter before", "gather", "waiter after"}));
}

TEST(Gather, OfTaskGroupChildren) {
    run_bounded([]() -> Coro<> {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) -> Coro<> {
            std::vector<asyncio::Task<int>> children;
            for (int i = 0; i < 3; ++i) children.push_back(tg.create_task(after(1ms * i, i)));
            const std::vector<int> values = co_await asyncio::gather(std::move(children));
            EXPECT_EQ(values, (std::vector<int>{0, 1, 2}));
        });
    }());
}

// A gather that ends before its children (on the first failure) leaves nothing behind on
// them: they finish later, and another gather can watch them.
TEST(Gather, AGatherThatEndsFirstLeavesItsChildrenWatchable) {
    run_bounded([]() -> Coro<> {
        auto a = asyncio::create_task(after(5ms, 1));
        auto b = asyncio::create_task(after(5ms, 2));
        EXPECT_THROW(co_await asyncio::gather(fail_after(1ms, "first"), a, b), std::runtime_error);
        EXPECT_FALSE(a.done());
        auto [x, y] = co_await asyncio::gather(a, b);
        EXPECT_EQ(x + y, 3);
    }());
}

TEST(Gather, ChildrenAlreadyDone) {
    asyncio::run([]() -> Coro<> {
        auto a = asyncio::create_task(after(0ms, 1));
        auto b = asyncio::create_task(after(0ms, 2));
        co_await asyncio::sleep(1ms);
        co_await asyncio::sleep(1ms);
        auto [x, y] = co_await asyncio::gather(a, b);
        EXPECT_EQ(x + y, 3);
    }());
}

// A child that sleeps "forever" and logs its cleanup when cancelled. (Appended tests below.)
Coro<int> child_with_cleanup(std::string name, Log* log) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        log->push_back("cleanup " + name);
        throw;
    }
    co_return 0;
}

// The same, with a cleanup that itself awaits (it takes a few loop turns).
Coro<int> child_with_slow_cleanup(std::string name, Log* log) {
    bool cancelled = false;
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        cancelled = true;
    }
    if (cancelled) {
        co_await asyncio::sleep(1ms);
        co_await asyncio::sleep(0s);
        log->push_back("cleanup " + name);
        throw CancelledError();
    }
    co_return 0;
}

TEST(GatherCancellation, CancelledWhileWaitingCancelsEveryChildCleanupFirst) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto stop =
            asyncio::get_running_loop().call_later(10s, [main = asyncio::current_task()]() mutable {
                ADD_FAILURE() << "safety stop: the test did not finish in 10 s";
                main.cancel("safety stop");
            });
        auto a = asyncio::create_task(child_with_cleanup("a", log));
        auto b = asyncio::create_task(child_with_cleanup("b", log));
        auto c = asyncio::create_task(child_with_cleanup("c", log));
        auto gatherer = [](asyncio::Task<int> a, asyncio::Task<int> b, asyncio::Task<int> c,
                           Log* log) -> Coro<> {
            try {
                co_await asyncio::gather(a, b, c);
                log->push_back("gather returned");
            } catch (const CancelledError& e) {
                log->push_back("gatherer: CancelledError " + e.message());
                throw;
            }
        };
        auto outer = asyncio::create_task(gatherer(a, b, c, log));
        co_await asyncio::sleep(0s);  // children and gatherer are all waiting
        outer.cancel("enough");
        EXPECT_THROW(co_await outer, CancelledError);
        EXPECT_TRUE(outer.cancelled());
        EXPECT_TRUE(a.cancelled());
        EXPECT_TRUE(b.cancelled());
        EXPECT_TRUE(c.cancelled());
        stop.cancel();
    }(&log));
    EXPECT_EQ(log, (Log{"cleanup a", "cleanup b", "cleanup c", "gatherer: CancelledError enough"}));
}

// With return_exceptions the gather waits for every child to finish, so even a cleanup that
// takes several loop turns runs before the awaiter sees CancelledError.
TEST(GatherCancellation, ReturnExceptionsWaitsForEveryChildCleanup) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto stop =
            asyncio::get_running_loop().call_later(10s, [main = asyncio::current_task()]() mutable {
                ADD_FAILURE() << "safety stop: the test did not finish in 10 s";
                main.cancel("safety stop");
            });
        auto gatherer = [](Log* log) -> Coro<> {
            try {
                co_await asyncio::gather(asyncio::return_exceptions,
                                         child_with_slow_cleanup("a", log),
                                         child_with_cleanup("b", log));
                log->push_back("gather returned");
            } catch (const CancelledError&) {
                log->push_back("gatherer: CancelledError");
                throw;
            }
        };
        auto outer = asyncio::create_task(gatherer(log));
        co_await asyncio::sleep(0s);
        co_await asyncio::sleep(0s);  // the children have started too
        outer.cancel();
        EXPECT_THROW(co_await outer, CancelledError);
        stop.cancel();
    }(&log));
    EXPECT_EQ(log, (Log{"cleanup b", "cleanup a", "gatherer: CancelledError"}));
}

// The range form, with children made from coroutines: every one is cancelled and cleaned up.
TEST(GatherCancellation, RangeFormCancelsEveryChildCleanupFirst) {
    Log log;
    asyncio::run([](Log* log) -> Coro<> {
        auto stop =
            asyncio::get_running_loop().call_later(10s, [main = asyncio::current_task()]() mutable {
                ADD_FAILURE() << "safety stop: the test did not finish in 10 s";
                main.cancel("safety stop");
            });
        auto gatherer = [](Log* log) -> Coro<> {
            std::vector<Coro<int>> coros;
            for (const char* name : {"a", "b", "c", "d"}) {
                coros.push_back(child_with_cleanup(name, log));
            }
            try {
                co_await asyncio::gather(std::move(coros));
            } catch (const CancelledError&) {
                log->push_back("gatherer: CancelledError");
                throw;
            }
        };
        auto outer = asyncio::create_task(gatherer(log));
        co_await asyncio::sleep(0s);
        co_await asyncio::sleep(0s);
        outer.cancel();
        EXPECT_THROW(co_await outer, CancelledError);
        EXPECT_EQ(asyncio::detail::LoopAccess::timers(asyncio::get_running_loop()).size(),
                  1u);                               // the safety stop only
        EXPECT_EQ(asyncio::all_tasks().size(), 1u);  // only this task
        stop.cancel();
    }(&log));
    EXPECT_EQ(
        log, (Log{"cleanup a", "cleanup b", "cleanup c", "cleanup d", "gatherer: CancelledError"}));
}

}  // namespace
