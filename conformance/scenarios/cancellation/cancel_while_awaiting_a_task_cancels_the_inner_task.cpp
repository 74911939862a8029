// Cancelling a task that awaits another task cancels the inner task as well: both see
// CancelledError with the message, the inner one first, and both end cancelled.
#include "conformance.hpp"

namespace cancel_while_awaiting_a_task_cancels_the_inner_task {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> inner() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("inner caught", describe(std::current_exception()));
        throw;
    }
}

Coro<> outer(asyncio::Task<> task) {
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("outer caught", describe(std::current_exception()));
        throw;
    }
}

Coro<> scenario() {
    auto i = asyncio::create_task(inner());
    auto o = asyncio::create_task(outer(i));
    co_await asyncio::sleep(1s);
    o.cancel("from main");
    co_await asyncio::gather(asyncio::return_exceptions, o);
    trace("inner cancelled() =", i.cancelled(), "outer cancelled() =", o.cancelled());
    trace("inner cancelling() =", i.cancelling(), "outer cancelling() =", o.cancelling());
}

}  // namespace cancel_while_awaiting_a_task_cancels_the_inner_task
