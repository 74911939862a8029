// cancel(msg) on the outermost of three tasks, each awaiting the next, reaches the innermost
// one: each sees CancelledError with the same message, innermost first, and each counts
// exactly one cancellation request.
#include "conformance.hpp"

namespace cancel_message_travels_down_a_chain_of_awaited_tasks {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> link(std::string name, std::optional<asyncio::Task<>> below) {
    try {
        if (!below) {
            co_await asyncio::sleep(10s);
        } else {
            co_await *below;
        }
    } catch (const asyncio::CancelledError&) {
        trace(name, "caught", describe(std::current_exception()),
              "cancelling() =", asyncio::current_task().cancelling());
        throw;
    }
}

Coro<> scenario() {
    auto bottom = asyncio::create_task(link("bottom", std::nullopt));
    auto middle = asyncio::create_task(link("middle", bottom));
    auto top = asyncio::create_task(link("top", middle));
    co_await asyncio::sleep(1s);
    top.cancel("shutdown");
    try {
        co_await top;
    } catch (const asyncio::CancelledError&) {
        trace("main caught", describe(std::current_exception()));
    }
    trace("all cancelled:", bottom.cancelled(), middle.cancelled(), top.cancelled());
}

}  // namespace cancel_message_travels_down_a_chain_of_awaited_tasks
