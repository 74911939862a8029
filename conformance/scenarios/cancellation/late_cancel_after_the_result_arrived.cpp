// A task woken by a future's result and cancelled before it runs: CPython raises the
// CancelledError at that await and the result is lost (the library keeps the result and
// delivers the cancellation at the next await: a documented deviation).
#include "conformance.hpp"

namespace late_cancel_after_the_result_arrived {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Future<std::string> fut) {
    try {
        std::string value = co_await fut;
        trace("waiter got", value);
        co_await asyncio::sleep(0s);
        trace("waiter went on");
    } catch (const asyncio::CancelledError&) {
        trace("waiter caught", describe(std::current_exception()));
        throw;
    }
}

Coro<> scenario() {
    asyncio::Future<std::string> fut;
    auto task = asyncio::create_task(waiter(fut));
    co_await asyncio::sleep(0s);
    fut.set_result("payload");
    task.cancel("too late");
    co_await asyncio::gather(asyncio::return_exceptions, task);
    trace("cancelled() =", task.cancelled());
}

}  // namespace late_cancel_after_the_result_arrived
