// task_group and cancellation: the parent's cancelling() count, and cancellations from
// outside the group, before, during and after a failure (Python's test_taskgroups.py).
#include <gtest/gtest.h>

#include "combinators/task_group_support.hpp"

namespace {

using namespace task_group_test;

// -- the parent's cancellation count --

TEST(TaskGroup, AfterAChildFailureTheParentIsNoLongerCancelling) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            tg.create_task(fail_after(1ms, "boom"));
            co_await asyncio::sleep(1h);  // cancelled by the group
        });
        EXPECT_TRUE(eg.has_value());
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
        // The group took its request back: the task waits normally again.
        co_await asyncio::sleep(1ms);
        log->push_back("slept normally after the group");
    }(&log));
    EXPECT_EQ(log, (Log{"slept normally after the group"}));
}

TEST(TaskGroup, AfterAChildFailureWhileWaitingAtTheEndTheParentIsNoLongerCancelling) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            tg.create_task(fail_after(1ms, "boom"));
            tg.create_task(sleep_forever(log, "sleeper"));
            co_return;  // the failure comes while the group waits for its children
        });
        EXPECT_TRUE(eg.has_value());
        if (eg) {
            EXPECT_EQ(describe(*eg), "Group[ValueError: boom]");
        }
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
        co_await asyncio::sleep(1ms);
        log->push_back("slept normally after the group");
    }(&log));
    EXPECT_EQ(log, (Log{"sleeper cancelled", "slept normally after the group"}));
}

// -- cancellation from outside --

TEST(TaskGroup, ExternalCancellationWhileTheBodyAwaitsCancelsAndAwaitsTheChildren) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Task<> a;
        Task<> b;
        auto runner = [&]() -> Coro<> {
            try {
                co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
                    a = tg.create_task(slow_cleanup(log, "a"));
                    b = tg.create_task(slow_cleanup(log, "b"));
                    try {
                        co_await asyncio::sleep(1h);
                    } catch (const CancelledError& e) {
                        log->push_back("body cancelled: " + e.message());
                        throw;
                    }
                });
                log->push_back("group returned");
            } catch (const ExceptionGroup& eg) {
                log->push_back("group raised " + describe(eg));
            }
        };
        auto outer = asyncio::create_task(runner(), "outer");
        co_await turns(3);
        outer.cancel("stop");
        try {
            co_await outer;
            log->push_back("outer returned");
        } catch (const CancelledError& e) {
            log->push_back("outer: CancelledError " + e.message());
        }
        EXPECT_TRUE(outer.cancelled());
        EXPECT_TRUE(a.cancelled());
        EXPECT_TRUE(b.cancelled());
    }(&log));
    ASSERT_EQ(log.size(), 6u) << ::testing::PrintToString(log);
    EXPECT_EQ(log[0], "body cancelled: stop");
    // Every child's cleanup, to its end, before the cancellation leaves the group.
    EXPECT_EQ(sorted(log, 1, 5),
              (Log{"a cleanup begins", "a cleanup ends", "b cleanup begins", "b cleanup ends"}));
    EXPECT_EQ(log[5], "outer: CancelledError stop");
}

TEST(TaskGroup, ExternalCancellationWhileWaitingForChildrenCancelsAndAwaitsThem) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto runner = [&]() -> Coro<> {
            try {
                co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
                    tg.create_task(slow_cleanup(log, "a"));
                    tg.create_task(slow_cleanup(log, "b"));
                    log->push_back("body done");
                    co_return;
                });
                log->push_back("group returned");
            } catch (const ExceptionGroup& eg) {
                log->push_back("group raised " + describe(eg));
            }
        };
        auto outer = asyncio::create_task(runner(), "outer");
        co_await turns(3);
        outer.cancel("stop");
        try {
            co_await outer;
            log->push_back("outer returned");
        } catch (const CancelledError& e) {
            log->push_back("outer: CancelledError " + e.message());
        }
        EXPECT_TRUE(outer.cancelled());
    }(&log));
    ASSERT_EQ(log.size(), 6u) << ::testing::PrintToString(log);
    EXPECT_EQ(log[0], "body done");
    EXPECT_EQ(sorted(log, 1, 5),
              (Log{"a cleanup begins", "a cleanup ends", "b cleanup begins", "b cleanup ends"}));
    EXPECT_EQ(log[5], "outer: CancelledError stop");
}

TEST(TaskGroup, CancelledTwiceWhileWaitingStillAwaitsTheChildren) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto runner = [&]() -> Coro<> {
            co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
                tg.create_task(slow_cleanup(log, "child", 5ms));
                co_return;
            });
            log->push_back("group returned");
        };
        auto outer = asyncio::create_task(runner(), "outer");
        co_await turns(3);
        outer.cancel("first");
        co_await turns(3);  // the child is cleaning up
        outer.cancel("second");
        try {
            co_await outer;
        } catch (const CancelledError&) {
            log->push_back("outer cancelled");
        }
    }(&log));
    EXPECT_EQ(log, (Log{"child cleanup begins", "child cleanup ends", "outer cancelled"}));
}

TEST(TaskGroup, ExternalCancellationReachesNestedGroups) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto inner_runner = [](Log* log) -> Coro<> {
            co_await asyncio::task_group([log](TaskGroup tg) -> Coro<> {
                tg.create_task(slow_cleanup(log, "inner child"));
                co_await asyncio::sleep(1h);
            });
        };
        auto runner = [&]() -> Coro<> {
            co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
                tg.create_task(inner_runner(log));
                tg.create_task(slow_cleanup(log, "outer child"));
                co_return;
            });
        };
        auto outer = asyncio::create_task(runner(), "outer");
        co_await turns(5);
        outer.cancel();
        try {
            co_await outer;
            log->push_back("outer returned");
        } catch (const CancelledError&) {
            log->push_back("outer cancelled");
        } catch (const ExceptionGroup& eg) {
            log->push_back("outer raised " + describe(eg));
        }
    }(&log));
    ASSERT_EQ(log.size(), 5u) << ::testing::PrintToString(log);
    EXPECT_EQ(sorted(log, 0, 4), (Log{"inner child cleanup begins", "inner child cleanup ends",
                                      "outer child cleanup begins", "outer child cleanup ends"}));
    EXPECT_EQ(log[4], "outer cancelled");
}

TEST(TaskGroup, AChildFailureDuringAnExternalCancellationWins) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto runner = [&]() -> Coro<> {
            try {
                co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
                    tg.create_task(fail_when_cancelled(log, "cleaner", "cleanup failed"));
                    try {
                        co_await asyncio::sleep(1h);
                    } catch (const CancelledError&) {
                        log->push_back("body cancelled");
                        throw;
                    }
                });
                log->push_back("group returned");
            } catch (const ExceptionGroup& eg) {
                // Python: errors take priority over the cancellation, which stays requested.
                log->push_back("group raised " + describe(eg));
                EXPECT_EQ(asyncio::current_task().cancelling(), 1u);
            }
        };
        auto outer = asyncio::create_task(runner(), "outer");
        co_await turns(3);
        outer.cancel();
        try {
            co_await outer;
        } catch (const CancelledError&) {
            log->push_back("outer cancelled");
        }
    }(&log));
    EXPECT_EQ(log, (Log{"body cancelled", "cleaner cancelled",
                        "group raised Group[DiskError: cleanup failed]"}));
}

// Python 3.13 (taskgroups.py, __aexit__): a cancellation from outside that arrives while
// the group is already failing is re-armed when the ExceptionGroup leaves the group, so the
// task's next await raises CancelledError and the task ends cancelled.
TEST(TaskGroup, AnOutsideCancellationDuringAFailureIsDeliveredAtTheNextAwait) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto runner = [&]() -> Coro<> {
            try {
                co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
                    tg.create_task(fail_when_cancelled(log, "cleaner", "cleanup failed"));
                    tg.create_task(fail_after(1ms, "boom"));
                    co_await asyncio::sleep(1h);
                });
            } catch (const ExceptionGroup& eg) {
                log->push_back("group raised " + describe(eg));
                log->push_back("cancelling " +
                               std::to_string(asyncio::current_task().cancelling()));
            }
            co_await asyncio::sleep(0s);
            log->push_back("the next await completed");
        };
        auto outer = asyncio::create_task(runner(), "outer");
        while (log->empty()) co_await asyncio::sleep(0s);  // the group is failing
        outer.cancel();
        try {
            co_await outer;
        } catch (const CancelledError&) {
            log->push_back("outer cancelled");
        }
        EXPECT_TRUE(outer.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"cleaner cancelled",
                        "group raised Group[ValueError: boom, DiskError: cleanup failed]",
                        "cancelling 1", "outer cancelled"}));
}

// The last child ends and, `hops` callbacks later, the parent is cancelled: while the group
// still waits, or after the group woke it but before it ran, or once it has finished. A
// cancel() that was accepted (returned true) must not be lost: the parent ends cancelled.
// Python raises CancelledError out of the `async with` in every such case (the await in
// __aexit__ meets it, as CompletionAwaiter::resume does here for an awaited task).
void cancel_after_hops(asyncio::AnyTask task, int hops, bool* accepted) {
    if (hops == 0) {
        *accepted = task.cancel("late");
        return;
    }
    asyncio::get_running_loop().call_soon(
        [task, hops, accepted] { cancel_after_hops(task, hops - 1, accepted); });
}

Coro<> end_and_cancel_parent(asyncio::AnyTask parent, int hops, bool* accepted, Log* log) {
    co_await asyncio::sleep(1ms);
    cancel_after_hops(std::move(parent), hops, accepted);
    log->push_back("child ends");
}

TEST(TaskGroup, ACancellationAcceptedAsTheGroupEndsIsNeverLost) {
    for (int hops = 0; hops <= 4; ++hops) {
        SCOPED_TRACE("cancelled " + std::to_string(hops) + " callbacks after the child ended");
        Log log;
        bool accepted = false;
        run_bounded([](Log* log, int hops, bool* accepted) -> Coro<> {
            auto runner = [&]() -> Coro<> {
                co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
                    tg.create_task(
                        end_and_cancel_parent(asyncio::current_task(), hops, accepted, log));
                    co_return;
                });
                log->push_back("group returned");
            };
            auto outer = asyncio::create_task(runner(), "outer");
            try {
                co_await outer;
                log->push_back("outer returned");
            } catch (const CancelledError& e) {
                log->push_back("outer: CancelledError " + e.message());
            }
            co_await turns(hops + 1);  // the last hop has run
            EXPECT_EQ(outer.cancelled(), *accepted);
        }(&log, hops, &accepted));
        if (accepted) {
            EXPECT_EQ(log, (Log{"child ends", "outer: CancelledError late"}));
        } else {
            EXPECT_EQ(log, (Log{"child ends", "group returned", "outer returned"}));
        }
        if (hops == 0) {
            EXPECT_TRUE(accepted);  // the group was still waiting
        }
    }
}

// Python's TaskGroup looks at a finished child in a done callback, on the next turn: children
// already scheduled for this turn run first, so those that fail in the same turn all count;
// one that would fail a turn later is cancelled first.
TEST(TaskGroup, ChildrenFailingInTheSameTurnAreAllInTheGroup) {
    run_bounded([]() -> Coro<> {
        auto fail_now = [](std::string message) -> Coro<> {
            throw ValueError(message);
            co_return;
        };
        auto fail_on_next_turn = [](std::string message) -> Coro<> {
            co_await asyncio::sleep(0s);
            throw DiskError(message);
        };
        Task<> late;
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            tg.create_task(fail_now("a"));
            tg.create_task(fail_now("b"));
            late = tg.create_task(fail_on_next_turn("late"));
            tg.create_task(fail_now("c"));
            co_return;
        });
        EXPECT_TRUE(eg.has_value());
        if (eg) {
            EXPECT_EQ(describe(*eg), "Group[ValueError: a, ValueError: b, ValueError: c]");
        }
        EXPECT_TRUE(late.cancelled());
    }());
}

}  // namespace
