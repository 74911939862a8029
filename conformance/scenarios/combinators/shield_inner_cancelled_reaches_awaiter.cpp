// shield() protects the inner task from the awaiter's cancellation, not from its own: when
// the shielded task itself is cancelled, the awaiter of the shield raises CancelledError.
#include "conformance.hpp"

namespace shield_inner_cancelled_reaches_awaiter {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> inner() {
    co_await asyncio::sleep(3s);
    co_return "never";
}

Coro<> scenario() {
    auto task = asyncio::create_task(inner());
    asyncio::get_running_loop().call_later(1s, [task]() mutable { task.cancel(); });
    try {
        co_await asyncio::shield(task);
    } catch (const asyncio::CancelledError&) {
        trace("shield raised", describe(std::current_exception()), "at", elapsed());
    }
    trace("inner cancelled", task.cancelled(), "main cancelling()",
          asyncio::current_task().cancelling());
}

}  // namespace shield_inner_cancelled_reaches_awaiter
