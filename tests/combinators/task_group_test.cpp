// task_group: Python's TaskGroup rules (Lib/test/test_asyncio/test_taskgroups.py), one test
// per rule: the body's value, waiting for every child, the first failure cancelling the rest
// and the body, every failure in one ExceptionGroup with its own type, RuntimeError once
// shutting down, nesting. Cancellation from outside has its own file.
#include "asyncio/combinators/task_group.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "combinators/task_group_support.hpp"

namespace {

using namespace task_group_test;

// A TaskGroup comes from task_group(), never from the library's state.
static_assert(!std::is_constructible_v<asyncio::TaskGroup, asyncio::detail::TaskGroupState&>);

// -- the body's value and waiting for children --

TEST(TaskGroup, ReturnsTheBodysValue) {
    run_bounded([]() -> Coro<> {
        int n = co_await asyncio::task_group([](TaskGroup tg) -> Coro<int> {
            tg.create_task(value_after(1ms, 1));
            co_return 42;
        });
        EXPECT_EQ(n, 42);
        // Move-only values too.
        auto p = co_await asyncio::task_group([](TaskGroup) -> Coro<std::unique_ptr<std::string>> {
            co_return std::make_unique<std::string>("moved out");
        });
        EXPECT_TRUE(p != nullptr);
        if (p) {
            EXPECT_EQ(*p, "moved out");
        }
    }());
}

// A body that only starts tasks need not be a coroutine: it returns void (or a value).
TEST(TaskGroup, APlainBodyThatOnlyStartsTasks) {
    run_bounded([]() -> Coro<> {
        std::vector<int> done;
        auto child = [&done](int v) -> Coro<> {
            co_await asyncio::sleep(1ms);
            done.push_back(v);
        };
        co_await asyncio::task_group([&](TaskGroup tg) {
            tg.create_task(child(1));
            tg.create_task(child(2));
        });
        EXPECT_EQ(done, (std::vector<int>{1, 2}));  // every child finished before the group
        const int n = co_await asyncio::task_group([&](TaskGroup tg) {
            tg.create_task(child(3));
            return 7;
        });
        EXPECT_EQ(n, 7);
        EXPECT_EQ(done.size(), 3u);
    }());
}

TEST(TaskGroup, APlainBodyThatThrowsCancelsTheChildrenAndIsInTheGroup) {
    run_bounded([]() -> Coro<> {
        try {
            co_await asyncio::task_group([&](TaskGroup tg) {
                tg.create_task(value_after(1h, 1));
                throw ValueError("bad body");
            });
            ADD_FAILURE() << "no ExceptionGroup";
        } catch (const ExceptionGroup& group) {
            EXPECT_EQ(group.exceptions().size(), 1u);
            EXPECT_EQ(describe(group.exceptions()[0]), "ValueError: bad body");
        }
    }());
}

TEST(TaskGroup, WaitsForEveryChildBeforeReturning) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Task<> slow;
        co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
            log->push_back("body begins");
            slow = tg.create_task(note_after(log, 10ms, "slow child ends"));
            tg.create_task(note_after(log, 3ms, "quick child ends"));
            co_await asyncio::sleep(1ms);
            log->push_back("body ends");
        });
        log->push_back("group returned");
        EXPECT_TRUE(slow.done());
    }(&log));
    EXPECT_EQ(log, (Log{"body begins", "body ends", "quick child ends", "slow child ends",
                        "group returned"}));
}

TEST(TaskGroup, ChildrenStartOnTheNextTurnInCreationOrder) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
            auto a = tg.create_task(note(log, "a runs"));
            tg.create_task(note(log, "b runs"));
            tg.create_task(note(log, "c runs"));
            log->push_back("body created three");
            EXPECT_FALSE(a.done());
            co_await asyncio::sleep(0s);
            log->push_back("body after one turn");
            EXPECT_TRUE(a.done());
        });
    }(&log));
    EXPECT_EQ(log,
              (Log{"body created three", "a runs", "b runs", "c runs", "body after one turn"}));
}

Coro<> add_a_sibling(TaskGroup tg, Log* log) {
    co_await asyncio::sleep(1ms);
    log->push_back("child adds a sibling");
    tg.create_task(note_after(log, 5ms, "sibling ends"));
    log->push_back("child ends");
}

TEST(TaskGroup, AChildMayAddTasksToItsOwnGroup) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
            tg.create_task(add_a_sibling(tg, log));
            log->push_back("body ends");
            co_return;
        });
        log->push_back("group returned");
    }(&log));
    // The body had already ended when the sibling was added: the group still waits for it.
    EXPECT_EQ(log, (Log{"body ends", "child adds a sibling", "child ends", "sibling ends",
                        "group returned"}));
}

TEST(TaskGroup, AChildsValueIsAvailableThroughItsTaskAfterTheGroup) {
    run_bounded([]() -> Coro<> {
        Task<int> number;
        Task<std::string> text;
        co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
            number = tg.create_task(value_after(2ms, 7));
            text = tg.create_task(value_after(1ms, std::string("seven")));
            co_return;
        });
        EXPECT_TRUE(number.done());
        EXPECT_EQ(number.result(), 7);
        EXPECT_EQ(text.result(), "seven");
        EXPECT_EQ(co_await number, 7);  // awaiting a done task gives its value at once
    }());
}

TEST(TaskGroup, AChildTaskHasTheGivenName) {
    run_bounded([]() -> Coro<> {
        co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
            auto named = tg.create_task(value_after(0ms, 1), "worker-1");
            EXPECT_EQ(named.get_name(), "worker-1");
            auto unnamed = tg.create_task(value_after(0ms, 2));
            EXPECT_EQ(unnamed.get_name().rfind("Task-", 0), 0u) << unnamed.get_name();
            co_return;
        });
    }());
}

TEST(TaskGroup, AnEmptyGroupReturnsAtOnce) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        asyncio::create_task(note(log, "another task runs"));
        int n = co_await asyncio::task_group([](TaskGroup) -> Coro<int> { co_return 5; });
        co_await asyncio::task_group([](TaskGroup) -> Coro<> { co_return; });
        EXPECT_EQ(n, 5);
        log->push_back("groups returned");  // without giving the loop a turn
        co_await asyncio::sleep(0s);
    }(&log));
    EXPECT_EQ(log, (Log{"groups returned", "another task runs"}));
}

TEST(TaskGroup, AThousandChildrenAllSucceed) {
    run_bounded([]() -> Coro<> {
        std::vector<Task<int>> tasks;
        long sum = co_await asyncio::task_group([&](TaskGroup tg) -> Coro<long> {
            for (int i = 0; i < 1000; ++i)
                tasks.push_back(tg.create_task(value_after(ms(i % 4), i)));
            co_return 0;
        });
        EXPECT_EQ(sum, 0);
        EXPECT_EQ(tasks.size(), 1000u);
        for (const auto& t : tasks) sum += t.result();
        EXPECT_EQ(sum, 999L * 1000 / 2);
        EXPECT_EQ(asyncio::all_tasks().size(), 1u);
    }());
}

TEST(TaskGroup, CancellingOneChildDoesNotAbortTheGroup) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Task<> victim;
        Task<> other;
        co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
            victim = tg.create_task(sleep_forever(log, "victim"));
            other = tg.create_task(note_after(log, 50ms, "other ends"));
            co_await turns(1);
            victim.cancel();
            co_await turns(1);
            log->push_back("body goes on");
        });
        log->push_back("group returned");
        EXPECT_TRUE(victim.cancelled());
        EXPECT_FALSE(other.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"victim cancelled", "body goes on", "other ends", "group returned"}));
}

// -- failures --

TEST(TaskGroup, FirstFailureCancelsTheOtherChildrenAndTheBody) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Task<> sleeper;
        Task<> failing;
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            sleeper = tg.create_task(sleep_forever(log, "sleeper"));
            failing = tg.create_task(fail_after(2ms, "boom", log));
            try {
                co_await asyncio::sleep(1h);
                log->push_back("body slept");
            } catch (const CancelledError&) {
                log->push_back("body cancelled");
                throw;
            }
        });
        EXPECT_TRUE(eg.has_value());
        if (!eg) co_return;
        EXPECT_EQ(describe(*eg), "Group[ValueError: boom]");
        EXPECT_TRUE(sleeper.cancelled());
        EXPECT_FALSE(failing.cancelled());
        EXPECT_TRUE(holds<ValueError>(failing.exception()));
    }(&log));
    // The children are cancelled first, then the body's await.
    EXPECT_EQ(log, (Log{"child fails: boom", "sleeper cancelled", "body cancelled"}));
}

TEST(TaskGroup, EveryFailureComesOutInOneExceptionGroupKeepingItsType) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            tg.create_task(fail_after(1ms, "first"));
            tg.create_task(fail_when_cancelled(log, "second", "disk full"));
            co_return;
        });
        EXPECT_TRUE(eg.has_value());
        if (!eg) co_return;
        EXPECT_EQ(eg->message(), kGroupMessage);
        const std::string what = eg->what();
        EXPECT_EQ(what.substr(0, what.find('\n')),
                  "unhandled errors in a TaskGroup (2 sub-exceptions)");
        EXPECT_EQ(eg->exceptions().size(), 2u);
        if (eg->exceptions().size() != 2u) co_return;
        // Each one rethrows as its own type.
        try {
            std::rethrow_exception(eg->exceptions()[0]);
        } catch (const ValueError& e) {
            EXPECT_STREQ(e.what(), "first");
        } catch (...) {
            ADD_FAILURE() << "the first failure lost its type";
        }
        try {
            std::rethrow_exception(eg->exceptions()[1]);
        } catch (const DiskError& e) {
            EXPECT_STREQ(e.what(), "disk full");
        } catch (...) {
            ADD_FAILURE() << "the second failure lost its type";
        }
    }(&log));
    EXPECT_EQ(log, (Log{"second cancelled"}));
}

TEST(TaskGroup, CancelledChildrenAreNotInTheExceptionGroup) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        std::vector<Task<>> sleepers;
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            for (const char* name : {"s1", "s2", "s3"}) {
                sleepers.push_back(tg.create_task(sleep_forever(log, name)));
            }
            tg.create_task(fail_after(1ms, "boom"));
            co_return;
        });
        EXPECT_TRUE(eg.has_value());
        if (!eg) co_return;
        EXPECT_EQ(describe(*eg), "Group[ValueError: boom]");
        EXPECT_FALSE(eg->contains<CancelledError>());
        for (const auto& s : sleepers) EXPECT_TRUE(s.cancelled());
    }(&log));
    EXPECT_EQ(sorted(log, 0, log.size()), (Log{"s1 cancelled", "s2 cancelled", "s3 cancelled"}));
}

TEST(TaskGroup, ABodyErrorJoinsTheGroupAfterTheChildrensAndCancelsThem) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Task<> sleeper;
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            sleeper = tg.create_task(sleep_forever(log, "sleeper"));
            tg.create_task(fail_when_cancelled(log, "cleaner", "cleanup failed"));
            co_await asyncio::sleep(1ms);
            log->push_back("body raises");
            throw ValueError("body failed");
        });
        EXPECT_TRUE(eg.has_value());
        if (!eg) co_return;
        // The children's failures first, the body's last (Python appends it in __aexit__).
        EXPECT_EQ(describe(*eg), "Group[DiskError: cleanup failed, ValueError: body failed]");
        EXPECT_TRUE(sleeper.cancelled());
    }(&log));
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[0], "body raises");
    EXPECT_EQ(sorted(log, 1, 3), (Log{"cleaner cancelled", "sleeper cancelled"}));
}

TEST(TaskGroup, ABodyErrorRaisedAfterAChildFailureComesLast) {
    run_bounded([]() -> Coro<> {
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            tg.create_task(fail_after(1ms, "child failed"));
            try {
                co_await asyncio::sleep(1h);
            } catch (const CancelledError&) {
                throw ValueError("body gave up");  // instead of the cancellation
            }
        });
        EXPECT_TRUE(eg.has_value());
        if (!eg) co_return;
        EXPECT_EQ(describe(*eg), "Group[ValueError: child failed, ValueError: body gave up]");
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
    }());
}

TEST(TaskGroup, ABodyErrorWithNoChildFailureIsStillAGroupOfOne) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        // With a child, which is cancelled.
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            tg.create_task(sleep_forever(log, "child"));
            co_await asyncio::sleep(1ms);
            throw ValueError("body failed");
        });
        EXPECT_TRUE(eg.has_value());
        if (eg) {
            EXPECT_EQ(describe(*eg), "Group[ValueError: body failed]");
        }
        if (eg) {
            EXPECT_EQ(eg->message(), kGroupMessage);
        }

        // With no child at all.
        auto alone = co_await group_error([&](TaskGroup) -> Coro<> {
            throw DiskError("alone");
            co_return;
        });
        EXPECT_TRUE(alone.has_value());
        if (alone) {
            EXPECT_EQ(describe(*alone), "Group[DiskError: alone]");
        }
    }(&log));
    EXPECT_EQ(log, (Log{"child cancelled"}));
}

TEST(TaskGroup, ChildrenThatSwallowCancellationStillLetTheGroupEnd) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Task<int> a;
        Task<int> b;
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            a = tg.create_task(swallow_cancellation(log, "a"));
            b = tg.create_task(swallow_cancellation(log, "b"));
            tg.create_task(fail_after(1ms, "boom"));
            co_return;
        });
        EXPECT_TRUE(eg.has_value());
        if (eg) {
            EXPECT_EQ(describe(*eg), "Group[ValueError: boom]");
        }
        EXPECT_FALSE(a.cancelled());
        EXPECT_EQ(a.result(), 1);
        EXPECT_EQ(b.result(), 1);
    }(&log));
    EXPECT_EQ(sorted(log, 0, log.size()),
              (Log{"a swallows its cancellation", "b swallows its cancellation"}));
}

// -- create_task while shutting down --

Coro<> add_when_cancelled(TaskGroup tg, Log* log) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        try {
            tg.create_task(note(log, "a late task ran"));
            log->push_back("child added a task");
        } catch (const asyncio::RuntimeError&) {
            log->push_back("child: RuntimeError");
        }
        throw;
    }
}

TEST(TaskGroup, CreateTaskOnAGroupShuttingDownIsARuntimeError) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            tg.create_task(add_when_cancelled(tg, log));
            tg.create_task(fail_after(1ms, "boom"));
            try {
                co_await asyncio::sleep(1h);
            } catch (const CancelledError&) {
                try {
                    tg.create_task(note(log, "a late task ran"));
                    log->push_back("body added a task");
                } catch (const asyncio::RuntimeError&) {
                    log->push_back("body: RuntimeError");
                }
                throw;
            }
        });
        EXPECT_TRUE(eg.has_value());
        if (eg) {
            EXPECT_EQ(describe(*eg), "Group[ValueError: boom]");
        }
        co_await asyncio::sleep(1ms);  // a late task, had one been made, would run now
    }(&log));
    EXPECT_EQ(log, (Log{"child: RuntimeError", "body: RuntimeError"}));
}

// -- nesting --

Coro<> run_inner_group(Log* log) {
    co_await asyncio::task_group([log](TaskGroup tg) -> Coro<> {
        tg.create_task(fail_after(1ms, "inner value"));
        tg.create_task(fail_when_cancelled(log, "inner cleaner", "inner disk"));
        co_return;
    });
}

TEST(TaskGroup, AnInnerGroupInAChildNestsInTheOuterGroup) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Task<> sleeper;
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            tg.create_task(run_inner_group(log));
            sleeper = tg.create_task(sleep_forever(log, "outer sleeper"));
            co_await asyncio::sleep(1h);
        });
        EXPECT_TRUE(eg.has_value());
        if (!eg) co_return;
        EXPECT_EQ(describe(*eg), "Group[Group[ValueError: inner value, DiskError: inner disk]]");
        EXPECT_EQ(eg->exceptions().size(), 1u);
        if (eg->exceptions().size() != 1u) co_return;
        try {
            std::rethrow_exception(eg->exceptions()[0]);
        } catch (const ExceptionGroup& inner) {
            EXPECT_EQ(inner.message(), kGroupMessage);
            EXPECT_EQ(inner.exceptions().size(), 2u);
        } catch (...) {
            ADD_FAILURE() << "the inner group lost its type";
        }
        EXPECT_EQ(eg->leaves().size(), 2u);
        EXPECT_TRUE(eg->contains<DiskError>());
        EXPECT_TRUE(sleeper.cancelled());
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
    }(&log));
    EXPECT_EQ(log, (Log{"inner cleaner cancelled", "outer sleeper cancelled"}));
}

TEST(TaskGroup, AnInnerGroupInTheBodyNestsInTheOuterGroup) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        Task<> sleeper;
        auto eg = co_await group_error([&](TaskGroup outer) -> Coro<> {
            sleeper = outer.create_task(sleep_forever(log, "outer sleeper"));
            co_await asyncio::task_group([&](TaskGroup inner) -> Coro<> {
                inner.create_task(fail_after(1ms, "inner"));
                co_await asyncio::sleep(1h);  // cancelled by the inner group
            });
            log->push_back("outer body went on");
        });
        EXPECT_TRUE(eg.has_value());
        if (eg) {
            EXPECT_EQ(describe(*eg), "Group[Group[ValueError: inner]]");
        }
        EXPECT_TRUE(sleeper.cancelled());
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
    }(&log));
    EXPECT_EQ(log, (Log{"outer sleeper cancelled"}));
}

TEST(TaskGroup, AnOuterFailureCancelsAnInnerGroupInTheBody) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto eg = co_await group_error([&](TaskGroup outer) -> Coro<> {
            outer.create_task(sleep_forever(log, "outer sleeper"));
            outer.create_task(fail_after(2ms, "outer"));
            try {
                co_await asyncio::task_group([&](TaskGroup inner) -> Coro<> {
                    inner.create_task(sleep_forever(log, "inner child"));
                    try {
                        co_await asyncio::sleep(1h);
                    } catch (const CancelledError&) {
                        log->push_back("inner body cancelled");
                        throw;
                    }
                });
            } catch (const CancelledError&) {
                log->push_back("outer body saw CancelledError");
                throw;
            } catch (const ExceptionGroup& eg) {
                log->push_back("outer body saw " + describe(eg));
                throw;
            }
        });
        EXPECT_TRUE(eg.has_value());
        // Only the outer child's failure: the inner group was cancelled, it did not fail.
        if (eg) {
            EXPECT_EQ(describe(*eg), "Group[ValueError: outer]");
        }
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
    }(&log));
    EXPECT_EQ(log, (Log{"outer sleeper cancelled", "inner body cancelled", "inner child cancelled",
                        "outer body saw CancelledError"}));
}

// -- nothing left behind --

TEST(TaskGroup, LeavesNoTimersAndNoTasksBehind) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto& timers = asyncio::detail::LoopAccess::timers(asyncio::get_running_loop());
        const std::size_t baseline = timers.size();  // the test's safety timer
        // Sleeping children cancelled by a failure, and a body cancelled in a long sleep.
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            for (int i = 0; i < 10; ++i) tg.create_task(sleep_forever(log, "sleeper"));
            tg.create_task(fail_after(1ms, "boom"));
            co_await asyncio::sleep(1h);
        });
        EXPECT_TRUE(eg.has_value());
        EXPECT_EQ(timers.size(), baseline);
        EXPECT_EQ(asyncio::all_tasks().size(), 1u);

        // Children that all succeed.
        co_await asyncio::task_group([&](TaskGroup tg) -> Coro<> {
            for (int i = 0; i < 10; ++i) tg.create_task(value_after(ms(i % 3), i));
            co_return;
        });
        EXPECT_EQ(timers.size(), baseline);
        EXPECT_EQ(asyncio::all_tasks().size(), 1u);

        // A group cancelled from outside.
        auto outer = asyncio::create_task(asyncio::task_group([&](TaskGroup tg) -> Coro<> {
            tg.create_task(sleep_forever(log, "sleeper"));
            co_await asyncio::sleep(1h);
        }));
        co_await turns(3);
        outer.cancel();
        EXPECT_THROW(co_await outer, CancelledError);
        EXPECT_EQ(timers.size(), baseline);
        EXPECT_EQ(asyncio::all_tasks().size(), 1u);
    }(&log));
    EXPECT_EQ(log.size(), 11u);
}

TEST(TaskGroup, ReportsNoUnretrievedFailures) {
    // The group hands its children's failures on: they are not "never retrieved".
    testing::internal::CaptureStderr();
    run_bounded([]() -> Coro<> {
        auto eg = co_await group_error([&](TaskGroup tg) -> Coro<> {
            tg.create_task(fail_after(1ms, "boom"));
            co_return;
        });
        EXPECT_TRUE(eg.has_value());
    }());
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
