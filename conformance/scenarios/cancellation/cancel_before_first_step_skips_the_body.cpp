// A task cancelled before its first step never runs its body: it ends cancelled, with the
// message, and its awaiter gets CancelledError carrying it.
#include "conformance.hpp"

namespace cancel_before_first_step_skips_the_body {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;

Coro<> body() {
    trace("body ran");
    co_return;
}

Coro<> scenario() {
    auto task = asyncio::create_task(body());
    trace("cancel returns", task.cancel("early"));
    trace("cancelling() =", task.cancelling(), "done() =", task.done());
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("main caught", describe(std::current_exception()));
    }
    trace("cancelled() =", task.cancelled());
}

}  // namespace cancel_before_first_step_skips_the_body
