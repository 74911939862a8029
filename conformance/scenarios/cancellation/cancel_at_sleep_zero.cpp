// A cancel() that comes while a task is in sleep(0) is delivered at that await: the task's
// next step raises CancelledError instead of going on.
#include "conformance.hpp"

namespace cancel_at_sleep_zero {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> spinner() {
    int i = 0;
    try {
        for (;;) {
            trace("spin", i);
            i += 1;
            co_await asyncio::sleep(0s);
        }
    } catch (const asyncio::CancelledError&) {
        trace("spinner caught", describe(std::current_exception()), "after", i, "spins");
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(spinner());
    co_await asyncio::sleep(0s);
    co_await asyncio::sleep(0s);
    task.cancel("dizzy");
    co_await asyncio::gather(asyncio::return_exceptions, task);
    trace("cancelled() =", task.cancelled());
}

}  // namespace cancel_at_sleep_zero
