// Closing a loop whose ready queue never empties: close() gives up after its last turns, and
// each entry still queued then releases what it holds without running. Under LeakSanitizer
// (the asan preset) a leaked callback, done callback, timeout expiry or task frame fails the
// test; the tokens below show that what the entries captured was freed.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "asyncio/combinators/timeout.hpp"
#include "asyncio/core/coro.hpp"
#include "asyncio/core/future.hpp"
#include "asyncio/core/task.hpp"
#include "asyncio/loop/event_loop.hpp"

namespace {

using asyncio::EventLoop;
using Token = std::shared_ptr<int>;

asyncio::Coro<> nothing() { co_return; }

// Keeps one call_soon callback queued at every turn.
void call_soon_forever(EventLoop& loop, Token token, int& runs) {
    loop.call_soon([&loop, token, &runs] {
        ++runs;
        call_soon_forever(loop, token, runs);
    });
}

// Keeps one done callback queued at every turn (a done future's callback runs next turn).
void add_done_callback_forever(asyncio::Future<int> future, Token token, int& runs) {
    future.add_done_callback([token, &runs](asyncio::Future<int> done) {
        ++runs;
        add_done_callback_forever(done, token, runs);
    });
}

// Starts a new task at every turn: one is still waiting for its first step at the end.
void create_task_forever(EventLoop& loop, int& created) {
    loop.call_soon([&loop, &created] {
        ++created;
        loop.create_task(nothing());
        create_task_forever(loop, created);
    });
}

// Keeps one timeout expiry queued at every turn: a scope whose deadline has passed schedules
// its expiry, and ends at once, leaving the expiry to the ready queue.
void expire_forever(EventLoop& loop, asyncio::AnyTask task, int& runs) {
    loop.call_soon([&loop, task, &runs] {
        ++runs;
        asyncio::detail::TimeoutState scope(asyncio::detail::TaskAccess::core(task),
                                            asyncio::Clock::duration::zero());
        expire_forever(loop, task, runs);
    });
}

TEST(LoopClose, EntriesStillQueuedReleaseWhatTheyHoldWithoutRunning) {
    Token token = std::make_shared<int>(0);
    int callbacks = 0, done_callbacks = 0, tasks = 0, expiries = 0;
    {
        EventLoop loop;
        asyncio::Task<> finished = loop.create_task(nothing());
        loop.run_until_complete(finished);
        asyncio::Future<int> future;
        future.set_result(1);
        loop.call_soon([&] {
            call_soon_forever(loop, token, callbacks);
            add_done_callback_forever(future, token, done_callbacks);
            create_task_forever(loop, tasks);
            expire_forever(loop, finished, expiries);
            loop.stop();
        });
        loop.call_later(std::chrono::hours(1), [token] { FAIL() << "a discarded timer ran"; });
        loop.run_forever();
        loop.close();
        const int after_close[] = {callbacks, done_callbacks, tasks, expiries};
        for (int runs : after_close) EXPECT_GT(runs, 1);
    }
    EXPECT_EQ(token.use_count(), 1);  // every queued closure was freed, none is kept
}

}  // namespace
