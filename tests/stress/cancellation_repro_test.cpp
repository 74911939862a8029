// Minimized reproductions of the bugs the cancellation stress runs found
// (cancellation_stress_test.cpp), each a plain test of what a user sees: as_completed()
// awaited after its deadline, EventLoop::close() with tasks started while closing, and a
// callback that cancels its own handle.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "asyncio/asyncio.hpp"

namespace {

using namespace std::chrono_literals;
using asyncio::Coro;
using asyncio::Task;

// as_completed(): an await that starts after the deadline has passed must raise
// TimeoutError at once (the header: "an await that would end after it raises TimeoutError";
// Python's as_completed queues a TimeoutError for every remaining task). It blocks instead
// until one of the remaining tasks finishes: here, never (wait_for ends the test's wait).
Coro<int> pending_forever(asyncio::Future<int> never) { co_return co_await never; }

Coro<int> first_result(asyncio::AsCompleted<int>* results, bool* raised_timeout) {
    try {
        co_return co_await *results->begin();
    } catch (const asyncio::TimeoutError&) {
        *raised_timeout = true;
    }
    co_return -1;
}

TEST(CancellationStressRepro, AsCompletedAwaitAfterDeadlineRaisesAtOnce) {
    asyncio::run([]() -> Coro<> {
        asyncio::Future<int> never;
        Task<int> task = asyncio::create_task(pending_forever(never));
        auto results = asyncio::as_completed(std::vector<Task<int>>{task}, 0s);
        co_await asyncio::sleep(1ms);  // the deadline passes while nobody awaits
        bool raised_timeout = false;
        bool waited_in_vain = false;
        try {
            co_await asyncio::wait_for(first_result(&results, &raised_timeout), 200ms);
        } catch (const asyncio::TimeoutError&) {
            waited_in_vain = true;  // wait_for's own deadline: the await blocked
        }
        EXPECT_TRUE(raised_timeout) << "as_completed raised no TimeoutError";
        EXPECT_FALSE(waited_in_vain) << "the await after the deadline blocked";
        task.cancel();
    }());
}

// The same when the first await times out and the caller awaits the next result, as
// `for (auto next : as_completed(tasks, timeout))` does.
TEST(CancellationStressRepro, AsCompletedSecondAwaitAfterTimeoutRaisesAtOnce) {
    asyncio::run([]() -> Coro<> {
        asyncio::Future<int> never;
        std::vector<Task<int>> tasks{asyncio::create_task(pending_forever(never)),
                                     asyncio::create_task(pending_forever(never))};
        auto results = asyncio::as_completed(tasks, 1ms);
        bool first_timeout = false;
        bool second_timeout = false;
        bool waited_in_vain = false;
        co_await first_result(&results, &first_timeout);  // suspended when the deadline fires
        try {
            co_await asyncio::wait_for(first_result(&results, &second_timeout), 200ms);
        } catch (const asyncio::TimeoutError&) {
            waited_in_vain = true;
        }
        EXPECT_TRUE(first_timeout);
        EXPECT_TRUE(second_timeout) << "the second await raised no TimeoutError";
        EXPECT_FALSE(waited_in_vain) << "the second await blocked";
        for (Task<int>& task : tasks) task.cancel();
    }());
}

// EventLoop::close() promises to cancel every pending task and run it to its end. A task
// that swallows its cancellation and starts another task, which then waits on a timer,
// leaves that task pending: close() stops as soon as nothing is ready. The task's frame
// leaks, and timers_.clear() then treats the task's sleep timer as a call_later Callback
// (static_cast and release(): it decrements a field of the SleepAwaiter).
Coro<> sleeper(bool* finished) {
    co_await asyncio::sleep(50ms);
    *finished = true;
}

Coro<> stubborn(bool* child_finished) {
    try {
        co_await asyncio::sleep(1h);
    } catch (const asyncio::CancelledError&) {
        asyncio::current_task().uncancel();  // swallowed
    }
    asyncio::create_task(sleeper(child_finished));
    co_await asyncio::sleep(0s);  // the child runs its first step: it sleeps on a timer
}

Coro<> start_stubborn(bool* child_finished) {
    asyncio::create_task(stubborn(child_finished));
    co_await asyncio::sleep(0s);  // it runs and sleeps
}

TEST(CancellationStressRepro, CloseFinishesTasksStartedWhileClosing) {
    bool child_finished = false;
    asyncio::EventLoop loop;
    loop.run_until_complete(start_stubborn(&child_finished));
    loop.close();
    EXPECT_EQ(asyncio::detail::LoopAccess::scheduler(loop).pending_task_count(), 0u)
        << "a task outlived close()";
}

// Handle::cancel() from inside the callback it cancels (legal in Python: a no-op once the
// callback runs) sets `fn = nullptr`, destroying the std::function that is executing: its
// captures are freed under it (ASan: heap-use-after-free in the lambda, freed by
// Handle::cancel). Here the callback reads a captured string after cancelling its handle.
TEST(CancellationStressRepro, CallbackCancelsItsOwnHandle) {
    std::string seen;
    asyncio::run([](std::string* seen) -> Coro<> {
        asyncio::Handle handle;
        handle =
            asyncio::get_running_loop().call_soon([&handle, seen, text = std::string(64, 'x')]() {
                handle.cancel();  // no effect: the callback is running
                *seen = text;
            });
        co_await asyncio::sleep(0s);
        co_await asyncio::sleep(0s);
    }(&seen));
    EXPECT_EQ(seen, std::string(64, 'x'));
}

}  // namespace
