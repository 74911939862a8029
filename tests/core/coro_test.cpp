// Coro<T>: laziness, inline awaiting, values, exceptions, and deep chains without stack growth.
#include "asyncio/core/coro.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "asyncio/core/future.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"

namespace {

using asyncio::Coro;

Coro<int> forty_two() { co_return 42; }

Coro<int> add(int a, int b) { co_return co_await forty_two() - 42 + a + b; }

Coro<> append(std::vector<std::string>* log, std::string what) {
    log->push_back(std::move(what));
    co_return;
}

TEST(Coro, ReturnsItsValueToTheAwaiter) {
    EXPECT_EQ(asyncio::run([]() -> Coro<int> { co_return co_await add(2, 3); }()), 5);
}

TEST(Coro, IsLazyUntilAwaited) {
    std::vector<std::string> log;
    auto body = [](std::vector<std::string>* log) -> Coro<> {
        Coro<> pending = append(log, "ran");
        log->push_back("created");
        co_await std::move(pending);
    };
    asyncio::run(body(&log));
    EXPECT_EQ(log, (std::vector<std::string>{"created", "ran"}));
}

TEST(Coro, DestroyedWithoutAwaitRunsNothing) {
    std::vector<std::string> log;
    { Coro<> never = append(&log, "ran"); }
    EXPECT_TRUE(log.empty());
}

struct CustomError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

Coro<int> fails() {
    throw CustomError("boom");
    co_return 0;
}

TEST(Coro, ExceptionReachesTheAwaiterUnchanged) {
    auto body = []() -> Coro<std::string> {
        try {
            co_await fails();
        } catch (const CustomError& e) {
            co_return std::string("caught ") + e.what();
        }
        co_return "not caught";
    };
    EXPECT_EQ(asyncio::run(body()), "caught boom");
}

TEST(Coro, ExceptionPropagatesThroughRun) { EXPECT_THROW(asyncio::run(fails()), CustomError); }

Coro<std::unique_ptr<int>> make_unique_value(int v) { co_return std::make_unique<int>(v); }

TEST(Coro, MoveOnlyResult) {
    auto body = []() -> Coro<int> {
        std::unique_ptr<int> p = co_await make_unique_value(7);
        co_return *p;
    };
    EXPECT_EQ(asyncio::run(body()), 7);
}

TEST(Coro, AwaitingTwiceIsAnError) {
    auto body = []() -> Coro<std::string> {
        Coro<int> c = forty_two();
        co_await c;
        try {
            co_await c;
        } catch (const asyncio::RuntimeError& e) {
            co_return e.what();
        }
        co_return "no error";
    };
    EXPECT_EQ(asyncio::run(body()), "cannot reuse an already awaited Coro");
}

Coro<long> nested(long depth) {
    if (depth == 0) co_return 0;
    co_return 1 + co_await nested(depth - 1);
}

// Symmetric transfer: a million nested awaits, each resuming the next without a new stack
// frame, and each finishing into its awaiter the same way.
TEST(Coro, MillionNestedAwaitsDoNotOverflowTheStack) {
    EXPECT_EQ(asyncio::run(nested(1'000'000)), 1'000'000);
}

Coro<long> loop_of_awaits(long count) {
    long sum = 0;
    for (long i = 0; i < count; ++i) sum += co_await forty_two();
    co_return sum;
}

TEST(Coro, MillionSequentialAwaits) {
    EXPECT_EQ(asyncio::run(loop_of_awaits(1'000'000)), 42'000'000);
}

TEST(Coro, DestroysLocalsWhenDestroyedMidway) {
    // A Coro that never finishes (its task is cancelled) still destroys its locals.
    auto counter = std::make_shared<int>(0);
    auto holder = [](std::shared_ptr<int> c) -> Coro<> {
        std::shared_ptr<int> local = c;
        co_await asyncio::Future<>();
    };
    auto body = [](Coro<> inner) -> Coro<> {
        auto task = asyncio::create_task(std::move(inner));
        co_await asyncio::sleep(std::chrono::milliseconds(0));
        task.cancel();
        try {
            co_await task;
        } catch (const asyncio::CancelledError&) {
        }
    };
    asyncio::run(body(holder(counter)));
    EXPECT_EQ(counter.use_count(), 1);
}

}  // namespace
