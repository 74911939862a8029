// A child has failed and the group is waiting for its siblings to clean up when the task is
// cancelled from outside: the group still raises its ExceptionGroup (errors have priority over
// the cancellation). The outside request is still counted by cancelling() afterwards.
#include "conformance.hpp"

namespace outside_cancel_during_abort_group_wins {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> failing() {
    co_await asyncio::sleep(1s);
    trace("child fails at", elapsed());
    throw asyncio::ValueError("boom");
}

Coro<> slow_cleanup() {
    std::exception_ptr cancelled;
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("sibling cancelled at", elapsed());
        cancelled = std::current_exception();
    }
    if (cancelled) {
        co_await asyncio::sleep(2s);
        trace("sibling cleaned up at", elapsed());
        std::rethrow_exception(cancelled);
    }
}

Coro<> runner() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) {
            tg.create_task(failing());
            tg.create_task(slow_cleanup());
        });
    } catch (...) {
        trace("group raised", describe(std::current_exception()), "at", elapsed());
    }
    trace("cancelling():", asyncio::current_task().cancelling());
    try {
        co_await asyncio::sleep(1s);
        trace("the next await completes at", elapsed());
    } catch (const asyncio::CancelledError&) {
        trace("the next await is cancelled at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(runner());
    co_await asyncio::sleep(2s);
    trace("cancelling the runner at", elapsed());
    task.cancel();
    try {
        co_await task;
    } catch (...) {
        trace("runner ended with", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace outside_cancel_during_abort_group_wins
