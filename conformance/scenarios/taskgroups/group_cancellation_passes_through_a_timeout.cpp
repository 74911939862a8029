// A child's failure cancels the body while it waits inside a timeout block whose deadline has
// not come: the cancellation passes through that block as CancelledError (it is not the
// timeout's), and the group raises the child's failure.
#include "conformance.hpp"

namespace group_cancellation_passes_through_a_timeout {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> failing() {
    co_await asyncio::sleep(1s);
    throw asyncio::ValueError("boom");
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) -> Coro<> {
            tg.create_task(failing());
            try {
                co_await asyncio::timeout(5s, []() -> Coro<> { co_await asyncio::sleep(10s); });
            } catch (...) {
                trace("timeout block raised", describe(std::current_exception()), "at", elapsed());
                throw;
            }
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
    trace("cancelling():", asyncio::current_task().cancelling());
}

}  // namespace group_cancellation_passes_through_a_timeout
