// current_task().cancel() does not raise on the spot: the code after it runs on until the
// task's next await, which raises CancelledError with the message, even sleep(0).
#include "conformance.hpp"

namespace self_cancel_is_delivered_at_the_next_await {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> worker() {
    auto me = asyncio::current_task();
    trace("cancel returns", me.cancel("myself"));
    trace("still running, cancelling() =", me.cancelling());
    try {
        co_await asyncio::sleep(0s);
        trace("not reached");
    } catch (const asyncio::CancelledError&) {
        trace("worker caught", describe(std::current_exception()));
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(worker());
    co_await asyncio::gather(asyncio::return_exceptions, task);
    trace("cancelled() =", task.cancelled());
}

}  // namespace self_cancel_is_delivered_at_the_next_await
