// The task running a group is cancelled twice from outside, the second time while the group
// waits for its cancelled children: CancelledError comes out once they are done, and
// cancelling() counts both requests.
#include "conformance.hpp"

namespace outside_cancel_twice_counts_both {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child() {
    std::exception_ptr cancelled;
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("child cancelled at", elapsed());
        cancelled = std::current_exception();
    }
    if (cancelled) {
        co_await asyncio::sleep(2s);
        trace("child cleaned up at", elapsed());
        std::rethrow_exception(cancelled);
    }
}

Coro<> runner() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) -> Coro<> {
            tg.create_task(child());
            co_await asyncio::sleep(10s);
        });
    } catch (...) {
        trace("group raised", describe(std::current_exception()), "at", elapsed());
        trace("cancelling():", asyncio::current_task().cancelling());
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(runner());
    co_await asyncio::sleep(1s);
    task.cancel("first");
    co_await asyncio::sleep(1s);
    task.cancel("second");
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("runner cancelled at", elapsed());
    }
}

}  // namespace outside_cancel_twice_counts_both
