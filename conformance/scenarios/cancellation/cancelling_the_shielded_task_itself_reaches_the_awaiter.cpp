// shield() only protects the inner task from the awaiter's cancellation: when the inner task
// itself is cancelled, the task awaiting shield(inner) gets its CancelledError.
#include "conformance.hpp"

namespace cancelling_the_shielded_task_itself_reaches_the_awaiter {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> inner() { co_await asyncio::sleep(10s); }

Coro<> outer(asyncio::Task<> task) {
    try {
        co_await asyncio::shield(task);
    } catch (const asyncio::CancelledError&) {
        trace("outer caught", describe(std::current_exception()), "at", elapsed(),
              "cancelling() =", asyncio::current_task().cancelling());
        throw;
    }
}

Coro<> scenario() {
    auto i = asyncio::create_task(inner());
    auto o = asyncio::create_task(outer(i));
    co_await asyncio::sleep(1s);
    i.cancel("inner stopped");
    co_await asyncio::gather(asyncio::return_exceptions, o);
    trace("inner cancelled() =", i.cancelled(), "outer cancelled() =", o.cancelled());
}

}  // namespace cancelling_the_shielded_task_itself_reaches_the_awaiter
