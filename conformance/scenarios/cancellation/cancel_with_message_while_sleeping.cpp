// cancel(msg) on a sleeping task: the task sees CancelledError with the message at its await,
// cancelling() counts the request, and the awaiter of the task gets CancelledError too.
#include "conformance.hpp"

namespace cancel_with_message_while_sleeping {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> sleeper() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("sleeper caught", describe(std::current_exception()), "at", elapsed());
        trace("cancelling() =", asyncio::current_task().cancelling());
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(sleeper());
    co_await asyncio::sleep(1s);
    trace("cancel returns", task.cancel("enough"));
    trace("cancel again returns", task.cancel("twice"));
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("main caught", describe(std::current_exception()));
    }
    trace("cancelled() =", task.cancelled(), "done() =", task.done());
    trace("cancel after done returns", task.cancel());
}

}  // namespace cancel_with_message_while_sleeping
