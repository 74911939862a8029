// Cancelling a task that awaits shield(inner): the awaiter gets CancelledError at once, the
// inner task is not cancelled and runs to its end; its result stays readable.
#include "conformance.hpp"

namespace cancel_while_awaiting_shield_leaves_the_inner_task_running {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> inner() {
    co_await asyncio::sleep(3s);
    trace("inner finishes at", elapsed());
    co_return "saved";
}

Coro<> outer(asyncio::Task<std::string> task) {
    try {
        co_await asyncio::shield(task);
    } catch (const asyncio::CancelledError&) {
        trace("outer caught", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    auto i = asyncio::create_task(inner());
    auto o = asyncio::create_task(outer(i));
    co_await asyncio::sleep(1s);
    o.cancel("leave");
    co_await asyncio::gather(asyncio::return_exceptions, o);
    trace("outer cancelled() =", o.cancelled(), "inner done() =", i.done(),
          "inner cancelling() =", i.cancelling());
    std::string value = co_await i;
    trace("inner gives", value, "at", elapsed());
}

}  // namespace cancel_while_awaiting_shield_leaves_the_inner_task_running
