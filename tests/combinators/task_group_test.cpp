// task_group: Python's TaskGroup rules (Lib/test/test_asyncio/test_taskgroups.py), one test
// per rule: the body's value, waiting for every child, the first failure cancelling the rest
// and the body, every failure in one ExceptionGroup with its own type, cancellation from
// outside, the parent's cancelling() count, RuntimeError once shutting down, nesting.
#include "asyncio/combinators/task_group.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/sleep.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::ExceptionGroup;
using asyncio::Task;
using asyncio::TaskGroup;
using asyncio::ValueError;
using asyncio_test::Log;
using asyncio_test::note;
using asyncio_test::run_bounded;
using ms = std::chrono::milliseconds;

constexpr const char* kGroupMessage = "unhandled errors in a TaskGroup";

// A second error type, unrelated to asyncio's.
struct DiskError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

template <class E>
bool holds(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const E&) {
        return true;
    } catch (...) {
        return false;
    }
}

// "Type: what", to compare an exception's type and message at once ("Group[...]" for groups).
std::string describe(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const ExceptionGroup& g) {
        std::string out = "Group[";
        for (std::size_t i = 0; i < g.exceptions().size(); ++i) {
            if (i) out += ", ";
            out += describe(g.exceptions()[i]);
        }
        return out + "]";
    } catch (const ValueError& x) {
        return std::string("ValueError: ") + x.what();
    } catch (const DiskError& x) {
        return std::string("DiskError: ") + x.what();
    } catch (const CancelledError& x) {
        return std::string("CancelledError: ") + x.message();
    } catch (const std::exception& x) {
        return std::string("std::exception: ") + x.what();
    } catch (...) {
        return "unknown";
    }
}

std::string describe(const ExceptionGroup& g) { return describe(std::make_exception_ptr(g)); }

// The entries log[first, last) sorted: for siblings whose relative order Python leaves open
// (its TaskGroup keeps its tasks in a set).
Log sorted(const Log& log, std::size_t first, std::size_t last) {
    if (last > log.size() || first > last) return {"<log too short>"};
    Log part(log.begin() + static_cast<std::ptrdiff_t>(first),
             log.begin() + static_cast<std::ptrdiff_t>(last));
    std::sort(part.begin(), part.end());
    return part;
}

// Lets the loop run `n` turns (children started now are running after one).
Coro<> turns(int n) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

// -- children (coroutine functions take their parameters by value) --

Coro<> note_after(Log* log, ms delay, std::string what) {
    co_await asyncio::sleep(delay);
    log->push_back(std::move(what));
}

template <class T>
Coro<T> value_after(ms delay, T value) {
    co_await asyncio::sleep(delay);
    co_return value;
}

Coro<> fail_after(ms delay, std::string message, Log* log = nullptr) {
    co_await asyncio::sleep(delay);
    if (log) log->push_back("child fails: " + message);
    throw ValueError(message);
}

Coro<> sleep_forever(Log* log, std::string name) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        log->push_back(name + " cancelled");
        throw;
    }
    log->push_back(name + " woke up");
}

// Turns its cancellation into a failure of another type.
Coro<> fail_when_cancelled(Log* log, std::string name, std::string message) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        log->push_back(name + " cancelled");
    }
    throw DiskError(message);
}

// Takes a while to clean up once cancelled, then ends cancelled.
Coro<> slow_cleanup(Log* log, std::string name, ms cleanup = 3ms) {
    std::exception_ptr cancelled;
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    if (!cancelled) co_return;
    log->push_back(name + " cleanup begins");
    co_await asyncio::sleep(cleanup);
    log->push_back(name + " cleanup ends");
    std::rethrow_exception(cancelled);
}

// Swallows its cancellation and returns normally, after a short wait.
Coro<int> swallow_cancellation(Log* log, std::string name) {
    bool cancelled = false;
    try {
        co_await asyncio::sleep(1h);
    } catch (const CancelledError&) {
        cancelled = true;
    }
    if (cancelled) {
        log->push_back(name + " swallows its cancellation");
        co_await asyncio::sleep(1ms);
    }
    co_return 1;
}

// Awaits a group whose body returns nothing; gives back the ExceptionGroup it raised.
template <class F>
Coro<std::optional<ExceptionGroup>> group_error(F body) {
    try {
        co_await asyncio::task_group(std::move(body));
    } catch (const ExceptionGroup& eg) {
        co_return eg;
    }
    co_return std::nullopt;
}

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
        auto& timers = asyncio::get_running_loop().timers();
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
