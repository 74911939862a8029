// Cancelling a task suspended on a future cancels the future too (with the message); the
// task gets CancelledError, and setting the future afterwards is an InvalidStateError.
#include "conformance.hpp"

namespace cancel_while_awaiting_a_future_cancels_it {

using asyncio::Coro;
using conformance::describe;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Future<int> fut) {
    try {
        co_await fut;
    } catch (const asyncio::CancelledError&) {
        trace("waiter caught", describe(std::current_exception()));
        throw;
    }
}

Coro<> scenario() {
    asyncio::Future<int> fut;
    auto task = asyncio::create_task(waiter(fut));
    co_await asyncio::sleep(0s);
    task.cancel("no longer needed");
    trace("right after cancel: future cancelled() =", fut.cancelled());
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("main caught", describe(std::current_exception()));
    }
    try {
        fut.set_result(1);
    } catch (const asyncio::InvalidStateError&) {
        trace("set_result raised", kind(std::current_exception()));
    }
}

}  // namespace cancel_while_awaiting_a_future_cancels_it
