// Cancelling a task that awaits another task is passed to the inner one; if the inner task
// catches it and returns a value, the outer task gets that value and goes on, uncancelled,
// though its cancelling() still counts the request.
#include "conformance.hpp"

namespace inner_task_that_returns_after_cancel_gives_its_value {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> inner() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("inner caught", describe(std::current_exception()), "and returns 99");
        co_return 99;
    }
    co_return 0;
}

Coro<int> outer(asyncio::Task<int> task) {
    int value = co_await task;
    trace("outer got", value, "cancelling() =", asyncio::current_task().cancelling());
    co_await asyncio::sleep(1s);
    trace("outer slept on");
    co_return value + 1;
}

Coro<> scenario() {
    auto i = asyncio::create_task(inner());
    auto o = asyncio::create_task(outer(i));
    co_await asyncio::sleep(1s);
    trace("cancel returns", o.cancel("stop"));
    int value = co_await o;
    trace("outer gives", value, "cancelled() =", o.cancelled());
}

}  // namespace inner_task_that_returns_after_cancel_gives_its_value
