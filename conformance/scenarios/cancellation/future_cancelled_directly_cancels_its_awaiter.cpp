// A future cancelled by its owner (not the awaiting task) wakes the awaiter with
// CancelledError carrying the message; the task ends cancelled, though nobody cancelled it
// (its cancelling() is 0).
#include "conformance.hpp"

namespace future_cancelled_directly_cancels_its_awaiter {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Future<int> fut) {
    try {
        co_await fut;
    } catch (const asyncio::CancelledError&) {
        trace("waiter caught", describe(std::current_exception()),
              "cancelling() =", asyncio::current_task().cancelling());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Future<int> fut;
    auto task = asyncio::create_task(waiter(fut));
    co_await asyncio::sleep(0s);
    trace("future cancel returns", fut.cancel("abandoned"));
    trace("future cancel again returns", fut.cancel("again"));
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("main caught", describe(std::current_exception()));
    }
    trace("task cancelled() =", task.cancelled(), "cancelling() =", task.cancelling());
}

}  // namespace future_cancelled_directly_cancels_its_awaiter
