// Helpers shared by the tests (namespace asyncio_test), each once instead of in every file:
//   Log, note()               a log of strings, and a coroutine that appends one entry;
//   numbered()                a name with a number, such as "w3";
//   run_bounded()             runs a coroutine as the main task of a fresh loop, cancelled by
//                             a safety stop after 10 s (or the limit given), leaving no timer
//                             behind;
//   safety_stop()             a call_later that stops a loop that would hang (5 s by default);
//   after(), now(),           Coro<int>s that return a value after a sleep, at once, or once
//   when_set(), fail_after()  an Event is set (no timer: it cannot end early on a slow
//                             machine), or throw std::runtime_error after a sleep;
//   sleep_forever()           sleeps until cancelled, logging the cancellation;
//   Tasks, spawn(),           lists of Task<int>: create_task, and cancel-and-await whatever
//   cancel_all()              is still pending so that a test leaves nothing behind.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"
#include "asyncio/loop/run.hpp"
#include "asyncio/loop/sleep.hpp"
#include "asyncio/sync/event.hpp"

namespace asyncio_test {

using Log = std::vector<std::string>;
using Tasks = std::vector<asyncio::Task<int>>;

inline asyncio::Coro<> note(Log* log, std::string what) {
    log->push_back(std::move(what));
    co_return;
}

// `prefix` followed by `i`, appended in order: g++ 12 at -O3 warns of an overlapping copy that
// cannot happen (-Wrestrict) in `"w" + std::to_string(i)`, which inserts at the front.
inline std::string numbered(std::string_view prefix, int i) {
    std::string name(prefix);
    name += std::to_string(i);
    return name;
}

// Cancels the safety stop when the test body ends, however it ends.
struct SafetyStop {
    asyncio::TimerHandle handle;
    ~SafetyStop() { handle.cancel(); }
};

// Runs `main` as the task "main" of a fresh loop and returns its value. A safety stop
// cancels it if it runs for `limit` (10 s unless a test needs more). Afterwards the tasks
// left are cancelled, and no timer may be left behind.
template <class T>
T run_bounded(asyncio::Coro<T> main, std::chrono::seconds limit = std::chrono::seconds(10)) {
    asyncio::EventLoop loop;
    auto task = loop.create_task(std::move(main), "main");
    SafetyStop stop{loop.call_later(limit, [task, limit]() mutable {
        ADD_FAILURE() << "safety stop: the test did not finish in " << limit.count() << " s";
        task.cancel("safety stop");
    })};
    loop.run_until_done(task);
    stop.handle.cancel();
    loop.cancel_all_tasks();
    EXPECT_EQ(asyncio::detail::LoopAccess::timers(loop).size(), 0u) << "a timer was left behind";
    loop.close();  // callbacks still queued run now, while the main task's frame is alive
    return std::move(task).result();
}

// Every test that runs a loop arms one of these, so a broken loop fails instead of hanging.
inline asyncio::TimerHandle safety_stop(asyncio::EventLoop& loop, bool* fired = nullptr,
                                        asyncio::Clock::duration delay = std::chrono::seconds(5)) {
    return loop.call_later(delay, [&loop, fired] {
        if (fired) *fired = true;
        ADD_FAILURE() << "safety stop: the loop would have hung";
        loop.stop();
    });
}

inline asyncio::Coro<int> after(std::chrono::milliseconds delay, int value) {
    co_await asyncio::sleep(delay);
    co_return value;
}

inline asyncio::Coro<int> now(int value) { co_return value; }

inline asyncio::Coro<int> when_set(asyncio::Event* event, int value) {
    co_await event->wait();
    co_return value;
}

// Sleeps "forever", logging its cancellation ("block: CancelledError") before unwinding.
inline asyncio::Coro<> sleep_forever(Log* log) {
    try {
        co_await asyncio::sleep(std::chrono::hours(1));
        log->push_back("sleep returned");
    } catch (const asyncio::CancelledError&) {
        log->push_back("block: CancelledError");
        throw;
    }
}

inline asyncio::Coro<int> fail_after(std::chrono::milliseconds delay, std::string message) {
    co_await asyncio::sleep(delay);
    throw std::runtime_error(message);
}

inline asyncio::Task<int> spawn(asyncio::Coro<int> coro) {
    return asyncio::create_task(std::move(coro));
}

// Cancels the tasks still pending and waits for them, so that a test leaves nothing behind.
inline asyncio::Coro<> cancel_all(Tasks tasks) {
    for (asyncio::Task<int>& task : tasks) task.cancel();
    for (asyncio::Task<int>& task : tasks) {
        try {
            co_await task;
        } catch (...) {
        }
    }
}

}  // namespace asyncio_test
