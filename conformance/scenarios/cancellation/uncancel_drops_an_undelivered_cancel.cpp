// Python 3.13: uncancel() that takes the count back to 0 also drops a cancellation that was
// requested but not yet delivered, so the task is not interrupted at its next await.
#include "conformance.hpp"

namespace uncancel_drops_an_undelivered_cancel {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> worker() {
    auto me = asyncio::current_task();
    me.cancel("self");
    trace("cancelling() =", me.cancelling());
    trace("uncancel returns", me.uncancel());
    try {
        co_await asyncio::sleep(1s);
        trace("slept undisturbed until", elapsed());
    } catch (const asyncio::CancelledError&) {
        trace("interrupted:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
    co_return "finished";
}

Coro<> scenario() {
    auto task = asyncio::create_task(worker());
    try {
        std::string value = co_await task;
        trace("worker gives", value);
    } catch (const asyncio::CancelledError&) {
        trace("main caught", describe(std::current_exception()));
    }
    trace("cancelled() =", task.cancelled());
}

}  // namespace uncancel_drops_an_undelivered_cancel
