// to_thread, run_in_executor, ThreadPool and run_coroutine_threadsafe: results and
// exceptions cross threads intact, cancellation stops only the waiting, and the loop's
// executor is shut down with the loop. Runs under ThreadSanitizer in the tsan preset.
#include "asyncio/loop/to_thread.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "asyncio/combinators/gather.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Coro;

TEST(ToThread, ResultComesBackToTheLoop) {
    const auto loop_thread = std::this_thread::get_id();
    asyncio::run([](std::thread::id loop_thread) -> Coro<> {
        std::thread::id worker;
        const int v = co_await asyncio::to_thread(
            [&worker](int x) {
                worker = std::this_thread::get_id();
                return x * 2;
            },
            21);
        EXPECT_EQ(v, 42);
        EXPECT_NE(worker, loop_thread);
        EXPECT_EQ(std::this_thread::get_id(), loop_thread);  // resumed on the loop's thread
    }(loop_thread));
}

TEST(ToThread, CallsRunInParallel) {
    asyncio::run([]() -> Coro<> {
        auto pool = std::make_unique<asyncio::ThreadPool>(2);
        asyncio::get_running_loop().set_default_executor(std::move(pool));
        // Two calls that each wait for the other: they finish only if they run at once.
        std::atomic<int> arrived{0};
        auto meet = [&arrived] {
            ++arrived;
            while (arrived.load() < 2) std::this_thread::yield();
            return 1;
        };
        auto [a, b] = co_await asyncio::gather(asyncio::to_thread(meet), asyncio::to_thread(meet));
        EXPECT_EQ(a + b, 2);
    }());
}

TEST(ToThread, ExceptionKeepsItsType) {
    asyncio::run([]() -> Coro<> {
        try {
            co_await asyncio::to_thread([] { throw std::out_of_range("far"); });
            ADD_FAILURE() << "no exception";
        } catch (const std::out_of_range& e) {
            EXPECT_STREQ(e.what(), "far");
        }
    }());
}

TEST(ToThread, MoveOnlyArgumentsAndResult) {
    asyncio::run([]() -> Coro<> {
        std::unique_ptr<int> out = co_await asyncio::to_thread(
            [](std::unique_ptr<int> in) { return std::make_unique<int>(*in + 1); },
            std::make_unique<int>(1));
        EXPECT_EQ(*out, 2);
    }());
}

TEST(ToThread, CancellingStopsTheWaitingAndTheCallFinishes) {
    std::atomic<bool> release{false};
    std::atomic<bool> finished{false};
    asyncio::run([](std::atomic<bool>* release, std::atomic<bool>* finished) -> Coro<> {
        auto call = [release, finished] {
            while (!release->load()) std::this_thread::sleep_for(1ms);
            finished->store(true);
            return 5;
        };
        auto task = asyncio::create_task(asyncio::to_thread(call));
        co_await asyncio::sleep(1ms);
        task.cancel();
        EXPECT_THROW(co_await task, asyncio::CancelledError);  // at once: the call still runs
        EXPECT_FALSE(finished->load());
        release->store(true);
    }(&release, &finished));
    // run() shut the executor down after the loop's tasks: the call ran to its end.
    EXPECT_TRUE(finished.load());
}

TEST(ToThread, OwnPoolWithRunInExecutor) {
    asyncio::ThreadPool pool(1);
    asyncio::run([](asyncio::ThreadPool* pool) -> Coro<> {
        std::vector<int> order;
        for (int i = 0; i < 5; ++i) {
            co_await asyncio::run_in_executor(*pool, [&order, i] { order.push_back(i); });
        }
        EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
    }(&pool));
}

TEST(ThreadPool, RunsQueuedJobsBeforeShutdownAndRefusesNewOnes) {
    std::atomic<int> ran{0};
    asyncio::ThreadPool pool(2);
    for (int i = 0; i < 100; ++i) pool.submit([&ran] { ++ran; });
    pool.shutdown();
    EXPECT_EQ(ran.load(), 100);
    EXPECT_THROW(pool.submit([] {}), asyncio::RuntimeError);
    EXPECT_EQ(pool.size(), 0u);
}

Coro<int> add_later(int a, int b) {
    co_await asyncio::sleep(1ms);
    co_return a + b;
}

Coro<int> fail_later() {
    co_await asyncio::sleep(0s);
    throw std::invalid_argument("bad");
}

TEST(RunCoroutineThreadsafe, FromAnotherThreadIntoTheLoop) {
    asyncio::run([]() -> Coro<> {
        asyncio::EventLoop& loop = asyncio::get_running_loop();
        std::future<int> sum;
        std::future<int> failure;
        std::thread other([&] {
            sum = asyncio::run_coroutine_threadsafe(add_later(2, 3), loop);
            failure = asyncio::run_coroutine_threadsafe(fail_later(), loop);
        });
        other.join();
        // Wait for the futures on a worker, so the loop stays free to run the coroutines.
        const int v = co_await asyncio::to_thread([&sum] { return sum.get(); });
        EXPECT_EQ(v, 5);
        const bool threw = co_await asyncio::to_thread([&failure] {
            try {
                failure.get();
            } catch (const std::invalid_argument&) {
                return true;
            }
            return false;
        });
        EXPECT_TRUE(threw);
    }());
}

TEST(CallSoonThreadsafe, ManyThreadsWakeTheLoop) {
    asyncio::run([]() -> Coro<> {
        asyncio::EventLoop& loop = asyncio::get_running_loop();
        int count = 0;  // touched on the loop's thread only
        asyncio::Future<> all;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 250; ++i) {
                    loop.call_soon_threadsafe([&] {
                        if (++count == 1000) all.set_result();
                    });
                }
            });
        }
        co_await all;
        for (auto& thread : threads) thread.join();
        EXPECT_EQ(count, 1000);
    }());
}

}  // namespace
