// shield() of a task that is already done gives its result at once, without a loop turn: a
// task made just before has not run when the await returns.
#include "conformance.hpp"

namespace shield_of_done_task {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> value() { co_return 42; }

Coro<> other() {
    trace("other runs");
    co_return;
}

Coro<> scenario() {
    auto task = asyncio::create_task(value());
    co_await asyncio::sleep(0s);
    trace("task done", task.done());
    auto o = asyncio::create_task(other());
    int result = co_await asyncio::shield(task);
    trace("shield gave", result, "at", elapsed());
    trace("before other");
    co_await o;
}

}  // namespace shield_of_done_task
