// Each cancel() of a pending task returns True and adds one to cancelling(), even before the
// first is delivered; the task sees a single CancelledError, with the first message.
#include "conformance.hpp"

namespace cancelling_counts_every_request {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> sleeper() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("sleeper caught", describe(std::current_exception()),
              "cancelling() =", asyncio::current_task().cancelling());
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(sleeper());
    co_await asyncio::sleep(1s);
    for (const char* msg : {"one", "two", "three"}) {
        bool accepted = task.cancel(msg);
        trace("cancel", msg, "returns", accepted, "cancelling() =", task.cancelling());
    }
    co_await asyncio::gather(asyncio::return_exceptions, task);
    trace("after: cancelling() =", task.cancelling(), "cancelled() =", task.cancelled());
}

}  // namespace cancelling_counts_every_request
