// cancel() on a task that is done returns False and changes nothing: the task keeps its
// result (or its exception), cancelled() stays False and cancelling() stays 0.
#include "conformance.hpp"

namespace cancel_of_a_done_task_returns_false {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> ok() { co_return "kept"; }

Coro<> fails() {
    throw asyncio::ValueError("v");
    co_return;
}

Coro<> scenario() {
    auto good = asyncio::create_task(ok());
    auto bad = asyncio::create_task(fails());
    co_await asyncio::sleep(0s);
    trace("cancel good returns", good.cancel("late"), "cancel bad returns", bad.cancel());
    trace("good:", good.result(), good.cancelled(), good.cancelling());
    trace("bad:", describe(bad.exception()), bad.cancelled(), bad.cancelling());
}

}  // namespace cancel_of_a_done_task_returns_false
