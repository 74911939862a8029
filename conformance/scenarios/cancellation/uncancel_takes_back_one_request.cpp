// uncancel() takes back one cancellation request and returns the count left, never below 0;
// a task that catches its CancelledError and uncancels goes on as if not cancelled, and a
// later cancel() is counted again from there.
#include "conformance.hpp"

namespace uncancel_takes_back_one_request {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> resilient() {
    auto me = asyncio::current_task();
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("caught", describe(std::current_exception()), "cancelling() =", me.cancelling());
        trace("uncancel returns", me.uncancel());
        trace("uncancel again returns", me.uncancel());
    }
    co_await asyncio::sleep(1s);
    trace("still running at", elapsed());
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("caught again", describe(std::current_exception()),
              "cancelling() =", me.cancelling());
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(resilient());
    co_await asyncio::sleep(1s);
    task.cancel("first");
    co_await asyncio::sleep(2s);
    task.cancel("second");
    co_await asyncio::gather(asyncio::return_exceptions, task);
    trace("cancelled() =", task.cancelled(), "at", elapsed());
}

}  // namespace uncancel_takes_back_one_request
