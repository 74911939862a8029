// A group with no children and a body that does not await finishes without a loop turn: a
// task scheduled before it does not run in between.
#include "conformance.hpp"

namespace empty_group_does_not_suspend {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> other() {
    trace("other task runs");
    co_return;
}

Coro<> scenario() {
    asyncio::create_task(other());
    co_await asyncio::task_group([](asyncio::TaskGroup) { trace("body"); });
    trace("after the group at", elapsed());
    co_await asyncio::sleep(0s);
    trace("after a yield");
}

}  // namespace empty_group_does_not_suspend
