// Cancelling a task inside wait_for() before the deadline cancels the inner coroutine and
// raises CancelledError (with the message), not TimeoutError, at the cancel's time.
#include "conformance.hpp"

namespace cancel_while_in_wait_for_is_a_cancellation_not_a_timeout {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> slow() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("slow cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> outer() {
    try {
        co_await asyncio::wait_for(slow(), 5s);
    } catch (const asyncio::CancelledError&) {
        trace("outer caught", describe(std::current_exception()), "at", elapsed());
        throw;
    } catch (const asyncio::TimeoutError&) {
        trace("outer timed out");
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(outer());
    co_await asyncio::sleep(1s);
    task.cancel("halt");
    co_await asyncio::gather(asyncio::return_exceptions, task);
    trace("cancelled() =", task.cancelled(), "at", elapsed());
}

}  // namespace cancel_while_in_wait_for_is_a_cancellation_not_a_timeout
