// A task's first step waits for its creator to give the loop back: work the creator does
// before its next await (however long) comes first; the task runs during that await.
#include "conformance.hpp"

namespace new_task_starts_only_when_its_creator_awaits {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child() {
    trace("child starts at", elapsed());
    co_return;
}

Coro<> scenario() {
    auto task = asyncio::create_task(child());
    for (int i = 0; i < 3; ++i) trace("creator works", i, "done():", task.done());
    trace("creator awaits sleep(1)");
    co_await asyncio::sleep(1s);
    trace("creator back at", elapsed(), "done():", task.done());
}

}  // namespace new_task_starts_only_when_its_creator_awaits
