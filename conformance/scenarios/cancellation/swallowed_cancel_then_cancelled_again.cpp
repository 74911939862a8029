// A task that swallowed one cancellation can be cancelled again: the second cancel() returns
// True, reaches its next await with the new message, and cancelling() counts both.
#include "conformance.hpp"

namespace swallowed_cancel_then_cancelled_again {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> twice() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("first:", describe(std::current_exception()), "at", elapsed());
    }
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("second:", describe(std::current_exception()), "at", elapsed(),
              "cancelling() =", asyncio::current_task().cancelling());
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(twice());
    co_await asyncio::sleep(1s);
    trace("cancel a returns", task.cancel("a"));
    co_await asyncio::sleep(1s);
    trace("cancel b returns", task.cancel("b"));
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("main caught", describe(std::current_exception()));
    }
}

}  // namespace swallowed_cancel_then_cancelled_again
