// A task that catches its CancelledError and returns is not cancelled: cancelled() is False,
// its awaiter gets the value, and cancelling() still reports the request it ignored.
#include "conformance.hpp"

namespace task_that_swallows_its_cancel_finishes_normally {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> stubborn() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("stubborn ignores", describe(std::current_exception()), "at", elapsed());
    }
    co_await asyncio::sleep(1s);
    co_return "done anyway";
}

Coro<> scenario() {
    auto task = asyncio::create_task(stubborn());
    co_await asyncio::sleep(1s);
    task.cancel("please stop");
    std::string value = co_await task;
    trace("await gives", value, "at", elapsed());
    trace("cancelled() =", task.cancelled(), "cancelling() =", task.cancelling());
}

}  // namespace task_that_swallows_its_cancel_finishes_normally
