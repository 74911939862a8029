// AsyncGenerator<T>: laziness, the `async for` loop and anext, the end, early exit (RAII and
// aclose), exceptions from the body, cancellation of the consumer, nesting, misuse.
#include "asyncio/core/async_generator.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "asyncio/core/future.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"

namespace {

using asyncio::AsyncGenerator;
using asyncio::Coro;
using Log = std::vector<std::string>;
using namespace std::chrono_literals;

// Records its destruction: the RAII clean-up of a generator's body.
struct Guard {
    Log* log;
    ~Guard() { log->push_back("raii"); }
};

// 0, 1, ..., n-1, awaiting a loop turn before each.
AsyncGenerator<int> count(Log* log, int n) {
    Guard guard{log};
    log->push_back("started");
    for (int i = 0; i < n; ++i) {
        co_await asyncio::sleep(0s);
        co_yield i;
    }
    log->push_back("ended");
}

// Python's `try: ... yield ... finally: await cleanup()`: the exception is kept, the clean-up
// awaited after the catch block, the exception rethrown.
AsyncGenerator<int> with_async_cleanup(Log* log) {
    std::exception_ptr error;
    try {
        for (int i = 0;; ++i) co_yield i;
    } catch (...) {
        error = std::current_exception();
    }
    co_await asyncio::sleep(0s);
    log->push_back("async cleanup");
    if (error) std::rethrow_exception(error);
}

// Collects every item with the loop spelling.
Coro<std::vector<int>> collect(AsyncGenerator<int> gen) {
    std::vector<int> items;
    for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) items.push_back(*it);
    co_return items;
}

TEST(AsyncGenerator, LoopGivesTheItemsInOrderThenEnds) {
    Log log;
    EXPECT_EQ(asyncio::run(collect(count(&log, 4))), (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(log, (Log{"started", "ended", "raii"}));
}

TEST(AsyncGenerator, IsLazyUntilTheFirstItemIsAskedFor) {
    auto body = [](Log* log) -> Coro<> {
        auto gen = count(log, 2);
        log->push_back("created");
        int first = co_await asyncio::anext(gen);
        log->push_back("got " + std::to_string(first));
    };
    Log log;
    asyncio::run(body(&log));
    EXPECT_EQ(log, (Log{"created", "started", "got 0", "raii"}));
}

TEST(AsyncGenerator, AnextRaisesStopAsyncIterationAtTheEndAndAfter) {
    auto body = [](Log* log) -> Coro<int> {
        auto gen = count(log, 1);
        int first = co_await asyncio::anext(gen);
        int stops = 0;
        for (int i = 0; i < 2; ++i) {
            try {
                (void)co_await asyncio::anext(gen);
            } catch (const asyncio::StopAsyncIteration& e) {
                EXPECT_STREQ(e.what(), "StopAsyncIteration");
                ++stops;
            }
        }
        co_return first * 10 + stops;
    };
    Log log;
    EXPECT_EQ(asyncio::run(body(&log)), 2);
    static_assert(std::is_base_of_v<asyncio::Error, asyncio::StopAsyncIteration>);
}

TEST(AsyncGenerator, BreakThenDestructionRunsTheRaiiCleanup) {
    auto body = [](Log* log) -> Coro<> {
        {
            auto gen = count(log, 100);
            for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) {
                log->push_back(std::to_string(*it));
                if (*it == 1) break;
            }
            log->push_back("after the loop");
        }
        log->push_back("generator gone");
    };
    Log log;
    asyncio::run(body(&log));
    EXPECT_EQ(log, (Log{"started", "0", "1", "after the loop", "raii", "generator gone"}));
}

TEST(AsyncGenerator, AcloseAfterBreakRunsTheAwaitingCleanup) {
    auto body = [](Log* log) -> Coro<> {
        auto gen = with_async_cleanup(log);
        for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) {
            if (*it == 2) break;
        }
        co_await gen.aclose();
        log->push_back("closed");
        try {
            (void)co_await asyncio::anext(gen);
        } catch (const asyncio::StopAsyncIteration&) {
            log->push_back("stop");
        }
        co_await gen.aclose();  // again: nothing to do
    };
    Log log;
    asyncio::run(body(&log));
    EXPECT_EQ(log, (Log{"async cleanup", "closed", "stop"}));
}

TEST(AsyncGenerator, AcloseOfAGeneratorThatNeverStartedRunsNothing) {
    auto body = [](Log* log) -> Coro<> {
        auto gen = count(log, 3);
        co_await gen.aclose();
        log->push_back("closed");
        auto it = co_await gen.begin();
        EXPECT_TRUE(it == gen.end());
    };
    Log log;
    asyncio::run(body(&log));
    EXPECT_EQ(log, (Log{"closed"}));  // the body never ran: its guard never existed
}

AsyncGenerator<int> ignores_generator_exit(Log* log) {
    Guard guard{log};
    for (;;) {
        try {
            co_yield 1;
        } catch (const asyncio::GeneratorExit&) {
            log->push_back("caught");
        }
    }
}

TEST(AsyncGenerator, AcloseRaisesRuntimeErrorIfTheBodyYieldsAgain) {
    auto body = [](Log* log) -> Coro<> {
        auto gen = ignores_generator_exit(log);
        (void)co_await asyncio::anext(gen);
        try {
            co_await gen.aclose();
        } catch (const asyncio::RuntimeError& e) {
            log->push_back(e.what());
        }
    };
    Log log;
    asyncio::run(body(&log));
    EXPECT_EQ(log, (Log{"caught", "raii", "async generator ignored GeneratorExit"}));
}

AsyncGenerator<int> fails_cleanup() {
    try {
        co_yield 1;
    } catch (const asyncio::GeneratorExit&) {
    }
    throw std::logic_error("cleanup failed");
}

TEST(AsyncGenerator, AcloseRaisesWhatTheCleanupRaises) {
    auto body = []() -> Coro<std::string> {
        auto gen = fails_cleanup();
        (void)co_await asyncio::anext(gen);
        try {
            co_await gen.aclose();
        } catch (const std::logic_error& e) {
            co_return e.what();
        }
        co_return "nothing";
    };
    EXPECT_EQ(asyncio::run(body()), "cleanup failed");
}

struct BodyError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

AsyncGenerator<int> fails_after(Log* log, int n) {
    Guard guard{log};
    for (int i = 0; i < n; ++i) co_yield i;
    co_await asyncio::sleep(0s);
    throw BodyError("body failed");
}

TEST(AsyncGenerator, ExceptionFromTheBodyReachesTheConsumerAtItsItem) {
    auto body = [](Log* log) -> Coro<> {
        auto gen = fails_after(log, 2);
        try {
            for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) {
                log->push_back(std::to_string(*it));
            }
        } catch (const BodyError& e) {
            log->push_back(e.what());
        }
        try {
            (void)co_await asyncio::anext(gen);  // raised once: then the generator is finished
        } catch (const asyncio::StopAsyncIteration&) {
            log->push_back("stop");
        }
    };
    Log log;
    asyncio::run(body(&log));
    EXPECT_EQ(log, (Log{"0", "1", "raii", "body failed", "stop"}));
}

// Runs `consumer` as a task, cancels it after `turns` loop turns; whether it ended cancelled.
Coro<bool> cancel_after(Coro<> consumer, int turns) {
    auto task = asyncio::create_task(std::move(consumer));
    for (int i = 0; i < turns; ++i) co_await asyncio::sleep(0s);
    task.cancel();
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
    }
    co_return task.cancelled();
}

AsyncGenerator<int> waits_forever(Log* log) {
    Guard guard{log};
    co_yield 1;
    try {
        co_await asyncio::sleep(24h);
    } catch (const asyncio::CancelledError&) {
        log->push_back("generator saw CancelledError");
        throw;
    }
    co_yield 2;
}

TEST(AsyncGenerator, CancellingTheConsumerCancelsWhatTheBodyAwaits) {
    auto consumer = [](Log* log) -> Coro<> {
        auto gen = waits_forever(log);
        try {
            for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) {
                log->push_back(std::to_string(*it));
            }
        } catch (const asyncio::CancelledError&) {
            log->push_back("consumer saw CancelledError");
            throw;
        }
    };
    Log log;
    EXPECT_TRUE(asyncio::run(cancel_after(consumer(&log), 2)));
    EXPECT_EQ(log,
              (Log{"1", "generator saw CancelledError", "raii", "consumer saw CancelledError"}));
}

// Its clean-up after GeneratorExit waits until cancelled.
AsyncGenerator<int> slow_cleanup(Log* log) {
    Guard guard{log};
    std::exception_ptr error;
    try {
        co_yield 1;
    } catch (...) {
        error = std::current_exception();
    }
    try {
        co_await asyncio::sleep(24h);
    } catch (const asyncio::CancelledError&) {
        log->push_back("cleanup cancelled");
        throw;
    }
    std::rethrow_exception(error);
}

TEST(AsyncGenerator, CancellingTheConsumerDuringAcloseReachesTheCleanup) {
    auto consumer = [](Log* log) -> Coro<> {
        auto gen = slow_cleanup(log);
        (void)co_await asyncio::anext(gen);
        try {
            co_await gen.aclose();
        } catch (const asyncio::CancelledError&) {
            log->push_back("aclose raised CancelledError");
            throw;
        }
    };
    Log log;
    EXPECT_TRUE(asyncio::run(cancel_after(consumer(&log), 1)));
    EXPECT_EQ(log, (Log{"cleanup cancelled", "raii", "aclose raised CancelledError"}));
}

AsyncGenerator<int> never_yields(Log* log) {
    co_await asyncio::sleep(0s);
    log->push_back("ran");
}

TEST(AsyncGenerator, ANeverYieldingGeneratorEndsTheLoopAtOnce) {
    auto body = [](Log* log) -> Coro<> {
        auto gen = never_yields(log);
        for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) {
            log->push_back("item");
        }
        log->push_back("after");
    };
    Log log;
    asyncio::run(body(&log));
    EXPECT_EQ(log, (Log{"ran", "after"}));
}

TEST(AsyncGenerator, ServesAsATasksBodyHelper) {
    auto body = [](Log* log) -> Coro<std::vector<int>> {
        auto task = asyncio::create_task(collect(count(log, 3)), "collector");
        co_return co_await task;
    };
    Log log;
    EXPECT_EQ(asyncio::run(body(&log)), (std::vector<int>{0, 1, 2}));
}

// One generator iterating another.
AsyncGenerator<int> doubled(AsyncGenerator<int> inner) {
    for (auto it = co_await inner.begin(); it != inner.end(); co_await ++it) co_yield *it * 2;
}

TEST(AsyncGenerator, NestedGenerators) {
    Log log;
    EXPECT_EQ(asyncio::run(collect(doubled(doubled(count(&log, 3))))), (std::vector<int>{0, 4, 8}));
    EXPECT_EQ(log, (Log{"started", "ended", "raii"}));
}

TEST(AsyncGenerator, BreakingOutOfNestedGeneratorsCleansUpBoth) {
    auto body = [](Log* log) -> Coro<> {
        auto outer = doubled(count(log, 10));
        for (auto it = co_await outer.begin(); it != outer.end(); co_await ++it) {
            if (*it == 2) break;
        }
        log->push_back("loop left");
    };
    Log log;
    asyncio::run(body(&log));
    EXPECT_EQ(log, (Log{"started", "loop left", "raii"}));
}

TEST(AsyncGenerator, AskingWhileItRunsForAnotherTaskRaisesRuntimeError) {
    auto body = [](Log* log) -> Coro<std::string> {
        auto gen = waits_forever(log);
        (void)co_await asyncio::anext(gen);
        auto task = asyncio::create_task(
            [](AsyncGenerator<int>* gen) -> Coro<> { (void)co_await asyncio::anext(*gen); }(&gen));
        co_await asyncio::sleep(0s);  // the task now waits inside the body
        std::string error;
        try {
            (void)co_await asyncio::anext(gen);
        } catch (const asyncio::RuntimeError& e) {
            error = e.what();
        }
        task.cancel();
        try {
            co_await task;
        } catch (const asyncio::CancelledError&) {
        }
        co_return error;
    };
    Log log;
    EXPECT_EQ(asyncio::run(body(&log)), "anext(): asynchronous generator is already running");
}

AsyncGenerator<std::unique_ptr<int>> boxes(int n) {
    for (int i = 0; i < n; ++i) co_yield std::make_unique<int>(i);
}

TEST(AsyncGenerator, MoveOnlyItemsAreMovedOut) {
    auto body = []() -> Coro<int> {
        auto gen = boxes(3);
        int sum = 0;
        for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) {
            std::unique_ptr<int> box = std::move(*it);
            sum += *box;
        }
        auto more = boxes(1);
        std::unique_ptr<int> first = co_await asyncio::anext(more);
        co_return sum * 10 + *first;
    };
    EXPECT_EQ(asyncio::run(body()), 30);
}

AsyncGenerator<std::string> appends() {
    std::string text;
    for (char c : std::string("abc")) {
        text += c;
        co_yield text;  // an lvalue: the consumer gets a copy
    }
}

TEST(AsyncGenerator, AnLvalueYieldedIsCopied) {
    auto body = []() -> Coro<std::vector<std::string>> {
        auto gen = appends();
        std::vector<std::string> items;
        for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) {
            items.push_back(std::move(*it));  // moving the copy leaves the body's own intact
        }
        co_return items;
    };
    EXPECT_EQ(asyncio::run(body()), (std::vector<std::string>{"a", "ab", "abc"}));
}

AsyncGenerator<int> many(int n) {
    for (int i = 0; i < n; ++i) co_yield i;
}

TEST(AsyncGenerator, AMillionItemsWithoutAwaitsTakeNoStack) {
    auto body = []() -> Coro<long> {
        auto gen = many(1'000'000);
        long sum = 0;
        for (auto it = co_await gen.begin(); it != gen.end(); co_await ++it) sum += *it;
        co_return sum;
    };
    EXPECT_EQ(asyncio::run(body()), 499'999'500'000L);
}

TEST(AsyncGenerator, AnEmptyGeneratorHasNoItems) {
    auto body = []() -> Coro<bool> {
        AsyncGenerator<int> gen;
        auto it = co_await gen.begin();
        co_await gen.aclose();
        co_return it == gen.end();
    };
    EXPECT_TRUE(asyncio::run(body()));
}

}  // namespace
