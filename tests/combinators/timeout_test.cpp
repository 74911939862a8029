// Timeouts: timeout/timeout_at blocks, the Timeout handle, nested scopes, results at the
// deadline. Python's rules (test_timeouts.py). wait_for has its own file.
#include "asyncio/combinators/timeout.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
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
using asyncio::Clock;
using asyncio::Coro;
using asyncio::RuntimeError;
using asyncio::Task;
using asyncio::Timeout;
using asyncio::TimeoutError;
using namespace asyncio_test;

// A Timeout comes from timeout() or timeout_at(), never from the library's state.
static_assert(!std::is_constructible_v<Timeout, asyncio::detail::TimeoutState&>);

std::size_t timer_count() {
    return asyncio::detail::LoopAccess::timers(asyncio::get_running_loop()).size();
}

// -- timeout(): the value, the error, the unwinding ----------------------------------------

TEST(Timeout, ReturnsTheBlockValueWhenInTime) {
    run_bounded([]() -> Coro<> {
        int v = co_await asyncio::timeout(1h, []() -> Coro<int> {
            co_await asyncio::sleep(1ms);
            co_return 42;
        });
        EXPECT_EQ(v, 42);
    }());
}

TEST(Timeout, DeadlineRaisesTimeoutError) {
    run_bounded([]() -> Coro<> {
        Log log;
        EXPECT_THROW(co_await asyncio::timeout(1ms, sleep_forever(&log)), TimeoutError);
        EXPECT_EQ(log, (Log{"block: CancelledError"}));
    }());
}

TEST(Timeout, BlockSeesCancelledErrorNotTimeoutError) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        try {
            co_await asyncio::timeout(1ms, [log]() -> Coro<> {
                try {
                    co_await asyncio::sleep(1h);
                } catch (const TimeoutError&) {
                    log->push_back("block: TimeoutError");
                    throw;
                } catch (const CancelledError&) {
                    log->push_back("block: CancelledError");
                    throw;
                }
            });
        } catch (const TimeoutError&) {
            log->push_back("caller: TimeoutError");
        }
    }(&log));
    EXPECT_EQ(log, (Log{"block: CancelledError", "caller: TimeoutError"}));
}

TEST(Timeout, CleanupRunsBeforeTheTimeoutErrorIsCaught) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        try {
            co_await asyncio::timeout(1ms, [log]() -> Coro<> {
                std::exception_ptr error;
                try {
                    co_await asyncio::sleep(1h);
                } catch (const CancelledError&) {
                    log->push_back("block: CancelledError");
                    error = std::current_exception();
                }
                co_await asyncio::sleep(1ms);  // an asynchronous cleanup
                log->push_back("cleanup done");
                std::rethrow_exception(error);
            });
        } catch (const TimeoutError&) {
            log->push_back("caught TimeoutError");
        }
    }(&log));
    EXPECT_EQ(log, (Log{"block: CancelledError", "cleanup done", "caught TimeoutError"}));
}

TEST(Timeout, LeavesNoTimerBehind) {
    run_bounded([]() -> Coro<> {
        const std::size_t before = timer_count();
        co_await asyncio::timeout(1h, [before]() -> Coro<> {
            EXPECT_EQ(timer_count(), before + 1);  // the deadline
            co_await asyncio::sleep(0s);
        });
        EXPECT_EQ(timer_count(), before);
        Log log;
        EXPECT_THROW(co_await asyncio::timeout(1ms, sleep_forever(&log)), TimeoutError);
        EXPECT_EQ(timer_count(), before);
    }());
}

TEST(Timeout, CancellingIsBackToZeroAndTheTaskGoesOn) {
    run_bounded([]() -> Coro<> {
        auto self = asyncio::current_task();
        EXPECT_EQ(self.cancelling(), 0u);
        Log log;
        EXPECT_THROW(co_await asyncio::timeout(1ms, sleep_forever(&log)), TimeoutError);
        EXPECT_EQ(self.cancelling(), 0u);
        co_await asyncio::sleep(0s);  // no cancellation is left pending
        co_await asyncio::sleep(1ms);
        EXPECT_EQ(self.cancelling(), 0u);
    }());
}

// Python's test_timeout_after_cancellation: a cancellation caught without uncancel() leaves
// cancelling() at 1; the deadline of a timeout used in the cleanup is still that timeout's.
TEST(Timeout, CancellingIsBackToItsValueBeforeTheBlock) {
    run_bounded([]() -> Coro<> {
        auto self = asyncio::current_task();
        self.cancel();
        try {
            co_await asyncio::sleep(1h);
        } catch (const CancelledError&) {
        }
        EXPECT_EQ(self.cancelling(), 1u);
        Log log;
        EXPECT_THROW(co_await asyncio::timeout(0s, sleep_forever(&log)), TimeoutError);
        EXPECT_EQ(self.cancelling(), 1u);
        self.uncancel();
    }());
}

// A block that does not await is a plain function returning void or a value.
TEST(Timeout, APlainBlockRuns) {
    run_bounded([]() -> Coro<> {
        int calls = 0;
        co_await asyncio::timeout(1s, [&] { ++calls; });
        co_await asyncio::timeout(1s, [&](Timeout cm) { calls += cm.expired() ? 10 : 1; });
        const int v = co_await asyncio::timeout(1s, [&] { return calls * 10; });
        EXPECT_EQ(v, 20);
        const int w = co_await asyncio::timeout_at(
            std::nullopt, [&](Timeout cm) { return cm.when().has_value() ? -1 : 5; });
        EXPECT_EQ(w, 5);
        co_await asyncio::timeout_at(asyncio::get_running_loop().time() + 1s, [&] { ++calls; });
        EXPECT_EQ(calls, 3);
    }());
}

// Python's test_cancel_in_timeout_after_cancellation: a new cancellation inside the block
// wins over the deadline.
TEST(Timeout, SelfCancelInsideAnExpiringBlockStaysCancelledError) {
    run_bounded([]() -> Coro<> {
        auto self = asyncio::current_task();
        EXPECT_THROW(co_await asyncio::timeout(0s,
                                               [&self]() -> Coro<> {
                                                   self.cancel();
                                                   co_await asyncio::sleep(2s);
                                               }),
                     CancelledError);
        EXPECT_EQ(self.uncancel(), 0u);
    }());
}

TEST(Timeout, TaskIsNotCancelledAfterAHandledTimeout) {
    run_bounded([]() -> Coro<> {
        auto body = []() -> Coro<std::string> {
            try {
                co_await asyncio::timeout(1ms, []() -> Coro<> { co_await asyncio::sleep(10s); });
            } catch (const TimeoutError&) {
                co_return "timed out";
            }
            co_return "in time";
        };
        auto task = asyncio::create_task(body());
        EXPECT_EQ(co_await task, "timed out");
        EXPECT_TRUE(task.done());
        EXPECT_FALSE(task.cancelled());
        EXPECT_EQ(task.cancelling(), 0u);
    }());
}

// Python's test_foreign_exception_on_timeout: what the cleanup raises passes unchanged.
TEST(Timeout, ErrorRaisedDuringTheCleanupPassesThrough) {
    run_bounded([]() -> Coro<> {
        auto crash = []() -> Coro<> {
            try {
                co_await asyncio::sleep(1h);
            } catch (const CancelledError&) {
                throw std::logic_error("cleanup failed");
            }
        };
        try {
            co_await asyncio::timeout(1ms, crash());
            ADD_FAILURE() << "timeout returned";
        } catch (const TimeoutError&) {
            ADD_FAILURE() << "TimeoutError instead of the cleanup's error";
        } catch (const std::logic_error& e) {
            EXPECT_STREQ(e.what(), "cleanup failed");
        }
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
    }());
}

TEST(Timeout, ZeroTimeoutWithSleepZeroRaisesTimeoutError) {
    run_bounded([]() -> Coro<> {
        EXPECT_THROW(co_await asyncio::timeout(0s, []() -> Coro<> { co_await asyncio::sleep(0s); }),
                     TimeoutError);
    }());
}

TEST(Timeout, DeadlineInThePastWithSleepZeroRaisesTimeoutError) {
    run_bounded([]() -> Coro<> {
        EXPECT_THROW(
            co_await asyncio::timeout(-11s, []() -> Coro<> { co_await asyncio::sleep(0s); }),
            TimeoutError);
    }());
}

// As Python's timeout(): making the scope needs no loop; entering it does (a Coro, it starts
// when awaited, in a task).
TEST(Timeout, MadeOutsideALoopRunsWhenAwaitedInATask) {
    auto block = []() -> Coro<int> { co_return 5; };
    Coro<int> scope = asyncio::timeout(1s, block);
    EXPECT_EQ(asyncio::run(std::move(scope)), 5);
}

// -- the Timeout handle ---------------------------------------------------------------------

TEST(TimeoutHandle, WhenIsTheDeadlineInLoopTime) {
    run_bounded([]() -> Coro<> {
        auto& loop = asyncio::get_running_loop();
        const Clock::time_point before = loop.time();
        std::optional<Clock::time_point> seen;
        co_await asyncio::timeout(10s, [&](Timeout cm) -> Coro<> {
            seen = cm.when();
            co_return;
        });
        const Clock::time_point after = loop.time();
        EXPECT_TRUE(seen.has_value());
        if (!seen) co_return;
        EXPECT_GE(*seen, before + 10s);
        EXPECT_LE(*seen, after + 10s);
    }());
}

TEST(TimeoutHandle, ExpiredIsFalseBeforeTheDeadlineAndTrueAfter) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        co_await asyncio::timeout(1h, [&](Timeout cm) -> Coro<> {
            co_await asyncio::sleep(1ms);
            EXPECT_FALSE(cm.expired());  // in time, to the end
        });
        try {
            co_await asyncio::timeout(1ms, [&](Timeout cm) -> Coro<> {
                EXPECT_FALSE(cm.expired());
                try {
                    co_await asyncio::sleep(1h);
                } catch (const CancelledError&) {
                    log->push_back(cm.expired() ? "expired" : "not expired");
                    throw;
                }
            });
        } catch (const TimeoutError&) {
            log->push_back("TimeoutError");
        }
    }(&log));
    EXPECT_EQ(log, (Log{"expired", "TimeoutError"}));
}

TEST(TimeoutHandle, RescheduleLaterLetsTheBlockFinish) {
    run_bounded([]() -> Coro<> {
        auto& loop = asyncio::get_running_loop();
        int v = co_await asyncio::timeout(1ms, [&](Timeout cm) -> Coro<int> {
            const Clock::time_point later = loop.time() + 1h;
            cm.reschedule(later);
            EXPECT_EQ(cm.when(), later);
            co_await asyncio::sleep(5ms);  // past the first deadline
            EXPECT_FALSE(cm.expired());
            co_return 7;
        });
        EXPECT_EQ(v, 7);
    }());
}

TEST(TimeoutHandle, RescheduleEarlierFiresSooner) {
    run_bounded([]() -> Coro<> {
        auto& loop = asyncio::get_running_loop();
        Log log;
        EXPECT_THROW(co_await asyncio::timeout(1h,
                                               [&](Timeout cm) -> Coro<> {
                                                   cm.reschedule(loop.time() + 1ms);
                                                   co_await sleep_forever(&log);
                                               }),
                     TimeoutError);
        EXPECT_EQ(log, (Log{"block: CancelledError"}));
    }());
}

TEST(TimeoutHandle, RescheduleToNoneRemovesTheDeadline) {
    run_bounded([]() -> Coro<> {
        const std::size_t before = timer_count();
        int v = co_await asyncio::timeout(1ms, [&](Timeout cm) -> Coro<int> {
            EXPECT_EQ(timer_count(), before + 1);
            cm.reschedule(std::nullopt);
            EXPECT_FALSE(cm.when().has_value());
            EXPECT_EQ(timer_count(), before);  // the deadline left the heap at once
            co_await asyncio::sleep(5ms);
            EXPECT_FALSE(cm.expired());
            co_return 3;
        });
        EXPECT_EQ(v, 3);
    }());
}

TEST(TimeoutHandle, NoDeadlineUntilRescheduled) {
    run_bounded([]() -> Coro<> {
        auto& loop = asyncio::get_running_loop();
        Log log;
        EXPECT_THROW(co_await asyncio::timeout_at(std::nullopt,
                                                  [&](Timeout cm) -> Coro<> {
                                                      EXPECT_FALSE(cm.when().has_value());
                                                      co_await asyncio::sleep(1ms);
                                                      cm.reschedule(loop.time() + 1ms);
                                                      co_await sleep_forever(&log);
                                                  }),
                     TimeoutError);
        EXPECT_EQ(log, (Log{"block: CancelledError"}));
    }());
}

TEST(TimeoutHandle, RescheduleToThePastFiresOnTheNextTurn) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto& loop = asyncio::get_running_loop();
        try {
            co_await asyncio::timeout(1h, [&](Timeout cm) -> Coro<> {
                cm.reschedule(loop.time() - 1s);
                log->push_back(cm.expired() ? "expired at once" : "rescheduled");
                try {
                    co_await asyncio::sleep(0s);  // exactly one turn
                    log->push_back("next turn: not cancelled");
                } catch (const CancelledError&) {
                    log->push_back("next turn: CancelledError");
                    throw;
                }
            });
        } catch (const TimeoutError&) {
            log->push_back("TimeoutError");
        }
    }(&log));
    EXPECT_EQ(log, (Log{"rescheduled", "next turn: CancelledError", "TimeoutError"}));
}

TEST(TimeoutHandle, RescheduleAfterExpiryIsRuntimeError) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto& loop = asyncio::get_running_loop();
        try {
            co_await asyncio::timeout(1ms, [&](Timeout cm) -> Coro<> {
                try {
                    co_await asyncio::sleep(1h);
                } catch (const CancelledError&) {
                    try {
                        cm.reschedule(loop.time() + 1h);
                        log->push_back("reschedule accepted");
                    } catch (const RuntimeError&) {
                        log->push_back("RuntimeError");
                    }
                    EXPECT_THROW(cm.reschedule(std::nullopt), RuntimeError);
                    throw;
                }
            });
        } catch (const TimeoutError&) {
            log->push_back("TimeoutError");
        }
    }(&log));
    EXPECT_EQ(log, (Log{"RuntimeError", "TimeoutError"}));
}

// -- timeout_at -----------------------------------------------------------------------------

TEST(TimeoutAt, AbsoluteLoopTimeDeadline) {
    run_bounded([]() -> Coro<> {
        auto& loop = asyncio::get_running_loop();
        const Clock::time_point when = loop.time() + 2ms;
        bool timed_out = false;
        try {
            co_await asyncio::timeout_at(when, [&](Timeout cm) -> Coro<> {
                EXPECT_EQ(cm.when(), when);
                co_await asyncio::sleep(1h);
            });
        } catch (const TimeoutError&) {
            timed_out = true;
            EXPECT_GE(loop.time(), when);
        }
        EXPECT_TRUE(timed_out);
        EXPECT_EQ(co_await asyncio::timeout_at(loop.time() + 1h, after(1ms, 9)), 9);
    }());
}

// -- nested timeouts ------------------------------------------------------------------------

TEST(NestedTimeouts, InnerFiresFirstAndTheOuterBlockGoesOn) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        int v = co_await asyncio::timeout(1h, [log]() -> Coro<int> {
            try {
                co_await asyncio::timeout(1ms, sleep_forever(log));
            } catch (const TimeoutError&) {
                log->push_back("inner: TimeoutError");
            }
            co_await asyncio::sleep(1ms);  // the outer block is not cancelled
            log->push_back("outer block goes on");
            co_return 5;
        });
        EXPECT_EQ(v, 5);
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
    }(&log));
    EXPECT_EQ(log, (Log{"block: CancelledError", "inner: TimeoutError", "outer block goes on"}));
}

TEST(NestedTimeouts, OuterFiresFirstThroughTheInnerAsCancelledError) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        try {
            co_await asyncio::timeout(1ms, [log]() -> Coro<> {
                try {
                    co_await asyncio::timeout(1h, sleep_forever(log));
                } catch (const TimeoutError&) {
                    log->push_back("inner: TimeoutError");
                    throw;
                } catch (const CancelledError&) {
                    log->push_back("inner: CancelledError");
                    throw;
                }
            });
        } catch (const TimeoutError&) {
            log->push_back("outer: TimeoutError");
        }
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
    }(&log));
    EXPECT_EQ(log, (Log{"block: CancelledError", "inner: CancelledError", "outer: TimeoutError"}));
}

// Python's test_nested_timeouts_loop_busy: both deadlines pass in the same turn; the outer
// one still raises TimeoutError and no cancellation is left over.
TEST(NestedTimeouts, BothExpireInTheSameTurn) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto& loop = asyncio::get_running_loop();
        const Clock::time_point past = loop.time() - 1s;
        try {
            co_await asyncio::timeout_at(past, [&]() -> Coro<> {
                try {
                    co_await asyncio::timeout_at(past, sleep_forever(log));
                } catch (const TimeoutError&) {
                    log->push_back("inner: TimeoutError");
                }
                co_await asyncio::sleep(1h);  // the outer deadline has passed too
                log->push_back("outer sleep returned");
            });
        } catch (const TimeoutError&) {
            log->push_back("outer: TimeoutError");
        }
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
        co_await asyncio::sleep(0s);  // nothing pending
    }(&log));
    EXPECT_FALSE(log.empty());
    if (log.empty()) return;
    EXPECT_EQ(log.front(), "block: CancelledError");
    EXPECT_EQ(log.back(), "outer: TimeoutError");
    EXPECT_EQ(std::count(log.begin(), log.end(), "outer sleep returned"), 0);
}

// -- cancellations from elsewhere -----------------------------------------------------------

TEST(Timeout, CancellationFromOutsideStaysCancelledError) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto body = [](Log* log) -> Coro<> {
            try {
                co_await asyncio::timeout(1h, sleep_forever(log));
            } catch (const TimeoutError&) {
                log->push_back("TimeoutError");
            } catch (const CancelledError& e) {
                log->push_back("CancelledError: " + e.message());
                throw;
            }
        };
        auto task = asyncio::create_task(body(log));
        co_await asyncio::sleep(0s);
        task.cancel("from outside");
        EXPECT_THROW(co_await task, CancelledError);
        EXPECT_TRUE(task.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"block: CancelledError", "CancelledError: from outside"}));
}

// The deadline passes in the same turn as a cancellation from another task: the extra
// request means the cancellation is not the timeout's alone, so it stays CancelledError.
TEST(Timeout, CancellationFromOutsideInTheSameTurnAsTheDeadlineStaysCancelledError) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto body = [](Log* log) -> Coro<> {
            try {
                co_await asyncio::timeout(0s, sleep_forever(log));  // fires on the next turn
            } catch (const TimeoutError&) {
                log->push_back("TimeoutError");
            } catch (const CancelledError&) {
                log->push_back("CancelledError");
                throw;
            }
        };
        auto task = asyncio::create_task(body(log));
        co_await asyncio::sleep(0s);  // the task ran first this turn: it is in its block
        task.cancel("from outside");  // and its deadline fires at the start of the next turn
        EXPECT_THROW(co_await task, CancelledError);
        EXPECT_TRUE(task.cancelled());
    }(&log));
    EXPECT_EQ(log, (Log{"block: CancelledError", "CancelledError"}));
}

// -- a result arriving with the deadline is not lost ----------------------------------------

// The Future is completed (its waiter woken) one turn before the deadline fires, and the
// task only runs after it: the block has its value before the cancellation is delivered.
TEST(TimeoutResultAtTheDeadline, FutureCompletedJustBeforeTheDeadlineFires) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto& loop = asyncio::get_running_loop();
        asyncio::Future<int> future;
        try {
            int v = co_await asyncio::timeout(1h, [&](Timeout cm) -> Coro<int> {
                loop.call_soon([&loop, future, cm]() mutable {
                    future.set_result(7);              // wakes the task for the next turn
                    cm.reschedule(loop.time() - 1ms);  // which begins with the deadline
                });
                co_return co_await future;
            });
            log->push_back("value " + std::to_string(v));
        } catch (const TimeoutError&) {
            log->push_back("TimeoutError");
        } catch (const CancelledError&) {
            log->push_back("CancelledError");
        }
        try {
            co_await asyncio::sleep(0s);
            log->push_back("next sleep(0) ok");
        } catch (const CancelledError&) {
            log->push_back("next sleep(0): CancelledError");
        }
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
    }(&log));
    EXPECT_EQ(log, (Log{"value 7", "next sleep(0) ok"}));
}

// A call_at armed for the very time of the deadline, before it: Python runs the two in the
// order they were armed, so the result is set first.
TEST(TimeoutResultAtTheDeadline, ResultSetByACallAtTheSameLoopTime) {
    Log log;
    run_bounded([](Log* log) -> Coro<> {
        auto& loop = asyncio::get_running_loop();
        asyncio::Future<int> future;
        const Clock::time_point when = loop.time() + 2ms;
        loop.call_at(when, [future, log]() mutable {
            if (future.done()) {
                log->push_back(future.cancelled() ? "future already cancelled"
                                                  : "future already done");
                return;
            }
            future.set_result(7);
        });
        try {
            int v = co_await asyncio::timeout_at(when,
                                                 [&]() -> Coro<int> { co_return co_await future; });
            log->push_back("value " + std::to_string(v));
        } catch (const TimeoutError&) {
            log->push_back("TimeoutError");
        } catch (const CancelledError&) {
            log->push_back("CancelledError");
        }
        try {
            co_await asyncio::sleep(0s);
            log->push_back("next sleep(0) ok");
        } catch (const CancelledError&) {
            log->push_back("next sleep(0): CancelledError");
        }
    }(&log));
    EXPECT_EQ(log, (Log{"value 7", "next sleep(0) ok"}));
}

// The awaited task takes the deadline's cancellation and still returns a value: the block
// finishes before any cancellation reaches it, so the value stands and nothing is pending.
TEST(TimeoutResultAtTheDeadline, AwaitedTaskThatAbsorbsTheCancellationHandsOverItsValue) {
    run_bounded([]() -> Coro<> {
        auto stubborn = []() -> Coro<int> {
            try {
                co_await asyncio::sleep(1h);
            } catch (const CancelledError&) {
                asyncio::current_task().uncancel();
            }
            co_return 11;
        };
        auto task = asyncio::create_task(stubborn());
        int v = co_await asyncio::timeout(1ms, [&task]() -> Coro<int> { co_return co_await task; });
        EXPECT_EQ(v, 11);
        EXPECT_EQ(asyncio::current_task().cancelling(), 0u);
        bool cancelled_later = false;
        try {
            co_await asyncio::sleep(0s);
        } catch (const CancelledError&) {
            cancelled_later = true;
        }
        EXPECT_FALSE(cancelled_later);
    }());
}

// -- the forms of a block -------------------------------------------------------------------

TEST(TimeoutBlock, LambdaTakingTheTimeoutHandle) {
    run_bounded([]() -> Coro<> {
        int v = co_await asyncio::timeout(1h, [](Timeout cm) -> Coro<int> {
            EXPECT_TRUE(cm.when().has_value());
            co_await asyncio::sleep(0s);
            co_return 1;
        });
        EXPECT_EQ(v, 1);
    }());
}

TEST(TimeoutBlock, LambdaTakingNothing) {
    run_bounded([]() -> Coro<> {
        std::string v = co_await asyncio::timeout(1h, []() -> Coro<std::string> {
            co_await asyncio::sleep(0s);
            co_return "two";
        });
        EXPECT_EQ(v, "two");
    }());
}

TEST(TimeoutBlock, CoroDirectly) {
    run_bounded([]() -> Coro<> {
        EXPECT_EQ(co_await asyncio::timeout(1h, after(1ms, 3)), 3);
        EXPECT_THROW(co_await asyncio::timeout(1ms, after(1h, 3)), TimeoutError);
    }());
}

TEST(TimeoutBlock, VoidBlock) {
    run_bounded([]() -> Coro<> {
        bool ran = false;
        co_await asyncio::timeout(1h, [&]() -> Coro<> {
            co_await asyncio::sleep(0s);
            ran = true;
        });
        EXPECT_TRUE(ran);
    }());
}

}  // namespace
