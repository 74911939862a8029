// A task that caught a cancellation without uncancel() (cancelling() is 1) then runs a timeout
// that expires: CPython 3.12 compares with the count at the block's start and raises
// TimeoutError; 3.11 expects the count to drop to 0 and lets CancelledError out.
#include "conformance.hpp"

namespace timeout_in_a_task_already_cancelling {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> worker() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("worker cancelled at", elapsed(), "and carries on");
    }
    trace("cancelling():", asyncio::current_task().cancelling());
    try {
        co_await asyncio::timeout(1s, []() -> Coro<> { co_await asyncio::sleep(10s); });
    } catch (...) {
        trace("timeout block raised", describe(std::current_exception()), "at", elapsed());
    }
    trace("cancelling():", asyncio::current_task().cancelling());
}

Coro<> scenario() {
    auto task = asyncio::create_task(worker());
    co_await asyncio::sleep(1s);
    task.cancel();
    co_await task;
    trace("worker done at", elapsed());
}

}  // namespace timeout_in_a_task_already_cancelling
