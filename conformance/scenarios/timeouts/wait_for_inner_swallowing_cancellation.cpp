// wait_for whose inner coroutine catches the cancellation at the deadline and returns a value:
// wait_for returns that value, no TimeoutError.
#include "conformance.hpp"

namespace wait_for_inner_swallowing_cancellation {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> stubborn() {
    bool cancelled = false;
    try {
        co_await asyncio::sleep(5s);
    } catch (const asyncio::CancelledError&) {
        trace("inner cancelled at", elapsed());
        cancelled = true;
    }
    if (cancelled) {
        co_await asyncio::sleep(500ms);
        co_return "salvaged";
    }
    co_return "finished";
}

Coro<> scenario() {
    auto result = co_await asyncio::wait_for(stubborn(), 1s);
    trace("wait_for gave", result, "at", elapsed());
    trace("cancelling():", asyncio::current_task().cancelling());
}

}  // namespace wait_for_inner_swallowing_cancellation
