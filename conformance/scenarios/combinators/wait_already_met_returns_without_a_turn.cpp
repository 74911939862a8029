// wait() on tasks that already satisfy the condition: CPython still waits one loop turn (a
// task made just before runs first); the library returns at once, without suspending.
#include "conformance.hpp"

namespace wait_already_met_returns_without_a_turn {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> value() { co_return 1; }

Coro<> other() {
    trace("other runs");
    co_return;
}

Coro<> scenario() {
    auto done_task = asyncio::create_task(value());
    co_await asyncio::sleep(0s);
    auto o = asyncio::create_task(other());
    std::vector<asyncio::Task<int>> tasks{done_task};
    auto result = co_await asyncio::wait(tasks);
    trace("wait returned: done", result.done.size(), "pending", result.pending.size(), "at",
          elapsed());
    co_await o;
}

}  // namespace wait_already_met_returns_without_a_turn
