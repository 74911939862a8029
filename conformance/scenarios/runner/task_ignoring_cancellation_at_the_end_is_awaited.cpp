// A task that swallows the cancellation run() sends at the end keeps running, and run()
// waits until it returns (three more steps, then a 5 s sleep), then closes the loop.
#include "conformance.hpp"

namespace task_ignoring_cancellation_at_the_end_is_awaited {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> stubborn() {
    try {
        co_await asyncio::sleep(100s);
    } catch (const asyncio::CancelledError&) {
        trace("stubborn ignores the cancellation at", elapsed());
    }
    for (int i = 0; i < 3; ++i) {
        co_await asyncio::sleep(0s);
        trace("stubborn step", i);
    }
    co_await asyncio::sleep(5s);
    trace("stubborn returns at", elapsed());
}

Coro<> scenario() {
    asyncio::create_task(stubborn());
    co_await asyncio::sleep(0s);
    trace("main returns");
}

}  // namespace task_ignoring_cancellation_at_the_end_is_awaited
