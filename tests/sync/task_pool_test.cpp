// TaskPool and map_bounded: never more than `limit` children in flight, back-pressure on
// submit, results per handle and in input order, and a TaskGroup's failure rules (first
// failure cancels the rest and the body, one ExceptionGroup; outside cancellation cancels
// everything).
#include "asyncio/sync/task_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "asyncio/core/errors.hpp"
#include "asyncio/core/exception_group.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::CancelledError;
using asyncio::Coro;
using asyncio::ExceptionGroup;
using asyncio::Task;
using asyncio::TaskPool;
using namespace asyncio_test;

// A TaskPool comes from task_pool(), never from the library's state.
static_assert(
    !std::is_constructible_v<TaskPool, asyncio::detail::TaskPoolState&, asyncio::TaskGroup>);

Coro<> turns(int n) {
    for (int i = 0; i < n; ++i) co_await asyncio::sleep(0s);
}

struct Count {
    int now = 0;
    int peak = 0;
    int started = 0;
};

// Counts itself in flight for `n` turns (also when cancelled), then returns `value`.
Coro<int> work(Count* count, int n, int value) {
    struct InFlight {
        Count* count;
        ~InFlight() { --count->now; }
    };
    ++count->started;
    ++count->now;
    InFlight in_flight{count};
    count->peak = std::max(count->peak, count->now);
    co_await turns(n);
    co_return value;
}

Coro<int> failing(int n, std::string message) {
    co_await turns(n);
    throw std::runtime_error(message);
}

// A body that does not await is a plain function returning void or a value (it cannot
// submit, which is awaited, but it can read the pool).
TEST(TaskPool, APlainBodyReturnsItsValue) {
    run_bounded([]() -> Coro<> {
        std::size_t seen = 0;
        co_await asyncio::task_pool(3, [&](TaskPool pool) { seen = pool.limit(); });
        EXPECT_EQ(seen, 3u);
        const int v = co_await asyncio::task_pool(
            2, [&](TaskPool pool) { return static_cast<int>(pool.limit() + pool.in_flight()); });
        EXPECT_EQ(v, 2);
    }());
}

TEST(TaskPool, NeverMoreThanLimitInFlight) {
    run_bounded([]() -> Coro<> {
        Count count;
        std::vector<Task<int>> tasks;
        auto body = [&](TaskPool pool) -> Coro<> {
            EXPECT_EQ(pool.limit(), 3u);
            for (int i = 0; i < 20; ++i) {
                tasks.push_back(co_await pool.submit(work(&count, 1 + i % 4, i)));
                EXPECT_LE(pool.in_flight(), 3u);
            }
        };
        co_await asyncio::task_pool(3, body);
        EXPECT_EQ(count.peak, 3);
        EXPECT_EQ(count.now, 0);
        EXPECT_EQ(count.started, 20);
        for (int i = 0; i < 20; ++i) EXPECT_EQ(tasks[static_cast<std::size_t>(i)].result(), i);
    }());
}

TEST(TaskPool, ReturnsTheBodysValue) {
    run_bounded([]() -> Coro<> {
        Count count;
        auto body = [&](TaskPool pool) -> Coro<int> {
            Task<int> a = co_await pool.submit(work(&count, 1, 20));
            Task<int> b = co_await pool.submit(work(&count, 2, 22));
            co_return co_await a + co_await b;
        };
        EXPECT_EQ(co_await asyncio::task_pool(1, body), 42);
        EXPECT_EQ(count.peak, 1);
    }());
}

TEST(TaskPool, LimitZeroIsValueError) {
    run_bounded([]() -> Coro<> {
        auto body = [](TaskPool) -> Coro<> { co_return; };
        EXPECT_THROW(co_await asyncio::task_pool(0, body), asyncio::ValueError);
    }());
}

// Counts frames: one Live lives in each frame of `tracked`, from creation to destruction.
struct Live {
    explicit Live(int* n) : n(n) { ++*n; }
    Live(Live&& other) noexcept : n(other.n) { ++*n; }
    ~Live() { --*n; }
    int* n;
};

Coro<> tracked(Live live, int n) {
    co_await turns(n);
    (void)live;
}

// A million submissions never hold more than `limit` frames plus the one being submitted.
TEST(TaskPool, SubmitAppliesBackPressure) {
    run_bounded([]() -> Coro<> {
        int live = 0;
        int peak = 0;
        std::size_t peak_tasks = 0;
        auto body = [&](TaskPool pool) -> Coro<> {
            for (int i = 0; i < 10000; ++i) {
                Coro<> coro = tracked(Live(&live), i % 3);  // the Live temporary is gone here
                peak = std::max(peak, live);
                co_await pool.submit(std::move(coro));  // the handle is dropped at once
                peak = std::max(peak, live);
                peak_tasks = std::max(peak_tasks, asyncio::all_tasks().size());
            }
        };
        co_await asyncio::task_pool(8, body);
        EXPECT_LE(peak, 8 + 1);
        EXPECT_LE(peak_tasks, 8u + 1u);  // the children and the main task
        EXPECT_EQ(live, 0);
    }());
}

TEST(TaskPool, ResultsAndExceptionsComeBackPerHandle) {
    run_bounded([]() -> Coro<> {
        Count count;
        Task<int> ok;
        Task<int> bad;
        Task<int> slow;
        auto body = [&](TaskPool pool) -> Coro<> {
            ok = co_await pool.submit(work(&count, 1, 7));
            bad = co_await pool.submit(failing(2, "boom"));
            slow = co_await pool.submit(work(&count, 50, 9));
            EXPECT_EQ(co_await ok, 7);  // a result through its handle, while the pool runs
        };
        try {
            co_await asyncio::task_pool(4, body);
            ADD_FAILURE() << "no ExceptionGroup";
        } catch (const ExceptionGroup& eg) {
            EXPECT_EQ(eg.exceptions().size(), 1u);
        }
        EXPECT_EQ(ok.result(), 7);
        EXPECT_THROW(bad.result(), std::runtime_error);
        EXPECT_TRUE(bad.exception() != nullptr);
        EXPECT_TRUE(slow.cancelled());
        EXPECT_THROW(slow.result(), CancelledError);
    }());
}

TEST(TaskPool, FirstFailureCancelsTheRestAndTheBody) {
    run_bounded([]() -> Coro<> {
        Count count;
        Log log;
        std::vector<Task<int>> tasks;
        auto body = [&](TaskPool pool) -> Coro<> {
            try {
                tasks.push_back(co_await pool.submit(failing(1, "first")));
                for (int i = 0; i < 100; ++i)
                    tasks.push_back(co_await pool.submit(work(&count, 10, i)));
                log.push_back("body done");
            } catch (const CancelledError&) {
                log.push_back("body cancelled");
                throw;
            }
        };
        try {
            co_await asyncio::task_pool(2, body);
            ADD_FAILURE() << "no ExceptionGroup";
        } catch (const ExceptionGroup& eg) {
            EXPECT_EQ(eg.exceptions().size(), 1u);
            EXPECT_EQ(eg.message(), "unhandled errors in a TaskGroup");
            try {
                std::rethrow_exception(eg.exceptions().at(0));
            } catch (const std::runtime_error& e) {
                EXPECT_STREQ(e.what(), "first");
            }
        }
        EXPECT_EQ(log, (Log{"body cancelled"}));
        EXPECT_EQ(tasks.size(), 2u);  // the body was stopped while waiting for a slot
        EXPECT_EQ(count.now, 0);
        for (std::size_t i = 1; i < tasks.size(); ++i) EXPECT_TRUE(tasks[i].cancelled());
    }());
}

// limit 1: the failing child's slot comes back only after the group has cancelled the body
// waiting for it; the body takes the cancellation, starts nothing, and no RuntimeError
// ("TaskGroup is shutting down") joins the ExceptionGroup.
TEST(TaskPool, GrantedSubmitCancelledByTheGroupStartsNothing) {
    run_bounded([]() -> Coro<> {
        Count count;
        int submitted = 0;
        auto body = [&](TaskPool pool) -> Coro<> {
            co_await pool.submit(failing(0, "x"));
            ++submitted;
            co_await pool.submit(work(&count, 1, 0));
            ++submitted;
        };
        try {
            co_await asyncio::task_pool(1, body);
            ADD_FAILURE() << "no ExceptionGroup";
        } catch (const ExceptionGroup& eg) {
            EXPECT_EQ(eg.exceptions().size(), 1u);
            EXPECT_FALSE(eg.contains<asyncio::RuntimeError>());
        }
        EXPECT_EQ(submitted, 1);
        EXPECT_EQ(count.started, 0);
    }());
}

TEST(TaskPool, OutsideCancellationCancelsEverything) {
    run_bounded([]() -> Coro<> {
        Count count;
        std::vector<Task<int>> tasks;
        auto body = [&](TaskPool pool) -> Coro<> {
            for (int i = 0; i < 10; ++i)
                tasks.push_back(co_await pool.submit(work(&count, 1000, i)));
        };
        auto outer = [&]() -> Coro<> { co_await asyncio::task_pool(3, body); };
        Task<> runner = asyncio::create_task(outer());
        co_await turns(3);
        EXPECT_EQ(count.now, 3);
        EXPECT_EQ(tasks.size(), 3u);
        runner.cancel();
        EXPECT_THROW(co_await runner, CancelledError);
        EXPECT_EQ(count.now, 0);
        EXPECT_EQ(tasks.size(), 3u);
        for (Task<int>& task : tasks) EXPECT_TRUE(task.cancelled());
    }());
}

// A child cancelled before its first step gives its slot back, though its handle is kept.
TEST(TaskPool, ChildCancelledBeforeItStartsReturnsItsSlot) {
    run_bounded([]() -> Coro<> {
        Count count;
        auto body = [&](TaskPool pool) -> Coro<int> {
            Task<int> a = co_await pool.submit(work(&count, 1, 1));
            a.cancel();
            Task<int> b = co_await pool.submit(work(&count, 1, 2));  // waits for a's slot
            EXPECT_TRUE(a.cancelled());
            co_return co_await b;
        };
        EXPECT_EQ(co_await asyncio::task_pool(1, body), 2);
        EXPECT_EQ(count.started, 1);
    }());
}

TEST(TaskPool, SubmitGivesTheChildItsName) {
    run_bounded([]() -> Coro<> {
        Count count;
        auto body = [&](TaskPool pool) -> Coro<> {
            Task<int> t = co_await pool.submit(work(&count, 0, 0), "worker-1");
            EXPECT_EQ(t.get_name(), "worker-1");
        };
        co_await asyncio::task_pool(2, body);
    }());
}

// Finishes in reverse order of its input: later items take fewer turns.
Coro<std::string> slow_echo(int i) {
    co_await turns(20 - i);
    co_return "item" + std::to_string(i);
}

TEST(MapBounded, ResultsInInputOrder) {
    run_bounded([]() -> Coro<> {
        std::vector<int> items;
        for (int i = 0; i < 20; ++i) items.push_back(i);
        std::vector<std::string> results = co_await asyncio::map_bounded(4, items, slow_echo);
        EXPECT_EQ(results.size(), 20u);
        for (std::size_t i = 0; i < results.size(); ++i)
            EXPECT_EQ(results[i], "item" + std::to_string(i));
    }());
}

TEST(MapBounded, NeverMoreThanLimitInFlight) {
    run_bounded([]() -> Coro<> {
        Count count;
        auto fn = [&count](int i) { return work(&count, 1 + i % 3, i * i); };
        std::vector<int> items;
        for (int i = 0; i < 12; ++i) items.push_back(i);
        std::vector<int> results = co_await asyncio::map_bounded(5, items, fn);
        EXPECT_EQ(count.peak, 5);
        EXPECT_EQ(results.size(), 12u);
        for (int i = 0; i < 12; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)], i * i);
    }());
}

TEST(MapBounded, EmptyInput) {
    run_bounded([]() -> Coro<> {
        std::vector<std::string> results =
            co_await asyncio::map_bounded(3, std::vector<int>(), slow_echo);
        EXPECT_TRUE(results.empty());
        auto body = [](TaskPool) -> Coro<> { co_return; };
        co_await asyncio::task_pool(3, body);
    }());
}

Coro<int> fail_on_three(int i) {
    co_await asyncio::sleep(0s);
    if (i == 3) throw std::invalid_argument("three");
    co_return i;
}

TEST(MapBounded, FailureComesOutAsExceptionGroup) {
    run_bounded([]() -> Coro<> {
        std::vector<int> items;
        for (int i = 0; i < 7; ++i) items.push_back(i);
        try {
            co_await asyncio::map_bounded(2, items, fail_on_three);
            ADD_FAILURE() << "no ExceptionGroup";
        } catch (const ExceptionGroup& eg) {
            EXPECT_TRUE(eg.contains<std::invalid_argument>());
            EXPECT_EQ(eg.exceptions().size(), 1u);
        }
    }());
}

Coro<> record(std::vector<int>* seen, int i) {
    co_await asyncio::sleep(0s);
    seen->push_back(i);
}

TEST(MapBounded, VoidFunction) {
    run_bounded([]() -> Coro<> {
        std::vector<int> seen;
        auto fn = [&seen](int i) { return record(&seen, i); };
        std::vector<int> items;
        for (int i = 1; i <= 5; ++i) items.push_back(i);
        co_await asyncio::map_bounded(2, items, fn);
        std::sort(seen.begin(), seen.end());
        EXPECT_EQ(seen, (std::vector<int>{1, 2, 3, 4, 5}));
    }());
}

// Items are taken by value and moved into their calls: move-only items work.
Coro<int> length(std::unique_ptr<std::string> s) {
    co_await asyncio::sleep(0s);
    co_return static_cast<int>(s->size());
}

TEST(MapBounded, MoveOnlyItems) {
    run_bounded([]() -> Coro<> {
        std::vector<std::unique_ptr<std::string>> items;
        items.push_back(std::make_unique<std::string>("a"));
        items.push_back(std::make_unique<std::string>("bcd"));
        std::vector<int> results = co_await asyncio::map_bounded(1, std::move(items), length);
        EXPECT_EQ(results, (std::vector<int>{1, 3}));
    }());
}

}  // namespace
