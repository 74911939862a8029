// A task cancelled inside wait_for() whose inner coroutine catches the CancelledError and
// returns a value: since Python 3.12 wait_for() returns that value and the task goes on
// (3.11 raised CancelledError regardless).
#include "conformance.hpp"

namespace wait_for_returns_the_value_of_an_inner_that_swallows_the_cancel {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> inner() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("inner caught", describe(std::current_exception()), "and returns partial");
        co_return "partial";
    }
    co_return "full";
}

Coro<std::string> outer() {
    std::string value;
    try {
        value = co_await asyncio::wait_for(inner(), 5s);
    } catch (const asyncio::CancelledError&) {
        trace("outer caught", describe(std::current_exception()), "at", elapsed());
        throw;
    }
    trace("outer got", value, "at", elapsed(),
          "cancelling() =", asyncio::current_task().cancelling());
    co_return value;
}

Coro<> scenario() {
    auto task = asyncio::create_task(outer());
    co_await asyncio::sleep(1s);
    task.cancel("halt");
    co_await asyncio::gather(asyncio::return_exceptions, task);
    trace("cancelled() =", task.cancelled(), "at", elapsed());
}

}  // namespace wait_for_returns_the_value_of_an_inner_that_swallows_the_cancel
