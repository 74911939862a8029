// Future<T>: completing once, waking every awaiter, and bridging a callback to a coroutine.
#include "asyncio/core/future.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::Future;

Coro<int> wait_for_value(Future<int> future) { co_return co_await future; }

TEST(Future, SetResultWakesEveryAwaiter) {
    asyncio::run([]() -> Coro<> {
        Future<int> future;
        auto a = asyncio::create_task(wait_for_value(future));
        auto b = asyncio::create_task(wait_for_value(future));
        co_await asyncio::sleep(0s);
        EXPECT_FALSE(a.done());
        future.set_result(21);
        EXPECT_EQ(co_await a + co_await b, 42);
        EXPECT_EQ(future.result(), 21);
    }());
}

TEST(Future, CallbackFromTheLoopCompletesIt) {
    asyncio::run([]() -> Coro<> {
        Future<std::string> future;
        asyncio::get_running_loop().call_later(1ms,
                                               [future]() mutable { future.set_result("late"); });
        EXPECT_EQ(co_await future, "late");
    }());
}

TEST(Future, CompletingTwiceIsAnInvalidStateError) {
    asyncio::run([]() -> Coro<> {
        Future<int> future;
        future.set_result(1);
        EXPECT_THROW(future.set_result(2), asyncio::InvalidStateError);
        EXPECT_THROW(future.set_exception(std::make_exception_ptr(std::runtime_error("x"))),
                     asyncio::InvalidStateError);
        EXPECT_FALSE(future.cancel());
        EXPECT_EQ(future.result(), 1);
        co_return;
    }());
}

TEST(Future, PendingResultIsAnInvalidStateError) {
    asyncio::run([]() -> Coro<> {
        Future<int> future;
        EXPECT_THROW((void)future.result(), asyncio::InvalidStateError);
        EXPECT_THROW((void)future.exception(), asyncio::InvalidStateError);
        future.cancel();
        co_return;
    }());
}

TEST(Future, ExceptionReachesTheAwaiter) {
    asyncio::run([]() -> Coro<> {
        Future<int> future;
        auto waiter = asyncio::create_task(wait_for_value(future));
        co_await asyncio::sleep(0s);
        future.set_exception(std::make_exception_ptr(std::out_of_range("range")));
        EXPECT_THROW(co_await waiter, std::out_of_range);
        EXPECT_THROW((void)future.result(), std::out_of_range);
        EXPECT_NE(future.exception(), nullptr);
    }());
}

TEST(Future, CancelWakesAwaitersWithCancelledError) {
    asyncio::run([]() -> Coro<> {
        Future<int> future;
        auto waiter = asyncio::create_task(wait_for_value(future));
        co_await asyncio::sleep(0s);
        EXPECT_TRUE(future.cancel("called off"));
        EXPECT_TRUE(future.cancelled());
        try {
            co_await waiter;
            ADD_FAILURE() << "no CancelledError";
        } catch (const asyncio::CancelledError& e) {
            EXPECT_EQ(e.message(), "called off");
        }
    }());
}

TEST(Future, VoidFuture) {
    asyncio::run([]() -> Coro<> {
        Future<> future;
        asyncio::get_running_loop().call_soon([future]() mutable { future.set_result(); });
        co_await future;
        EXPECT_TRUE(future.done());
    }());
}

TEST(Future, DoneCallbackGetsTheFuture) {
    std::vector<int> seen;
    asyncio::run([](std::vector<int>* seen) -> Coro<> {
        Future<int> future;
        future.add_done_callback([seen](Future<int> f) { seen->push_back(f.result()); });
        future.set_result(3);
        co_await asyncio::sleep(0s);
    }(&seen));
    EXPECT_EQ(seen, std::vector<int>{3});
}

TEST(Future, DroppedPendingFutureWithCallbacksLeaksNothing) {
    asyncio::run([]() -> Coro<> {
        Future<int> future;
        future.add_done_callback([](Future<int>) { ADD_FAILURE() << "never completes"; });
        co_return;
    }());
}

TEST(Future, UnretrievedExceptionIsReported) {
    testing::internal::CaptureStderr();
    {
        Future<int> future;
        future.set_exception(std::make_exception_ptr(std::runtime_error("lost")));
    }
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("Future exception was never retrieved"), std::string::npos) << err;
    EXPECT_NE(err.find("lost"), std::string::npos) << err;
}

}  // namespace
