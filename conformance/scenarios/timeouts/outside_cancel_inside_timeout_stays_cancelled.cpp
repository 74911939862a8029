// A cancellation from elsewhere inside a timeout block whose deadline has not passed stays a
// CancelledError; it is not turned into TimeoutError.
#include "conformance.hpp"

namespace outside_cancel_inside_timeout_stays_cancelled {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> guarded() {
    try {
        co_await asyncio::timeout(5s, []() -> Coro<> { co_await asyncio::sleep(10s); });
    } catch (...) {
        trace("block raised", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(guarded());
    co_await asyncio::sleep(1s);
    task.cancel("outside");
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("task cancelled():", task.cancelled());
    }
}

}  // namespace outside_cancel_inside_timeout_stays_cancelled
