// Awaiting a task that is already done returns its result at once, without giving the loop
// a turn: a callback queued just before still waits.
#include "conformance.hpp"

namespace awaiting_a_done_task_does_not_yield {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> child() { co_return 3; }

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    auto task = asyncio::create_task(child());
    co_await asyncio::sleep(0s);
    trace("task done():", task.done());
    loop.call_soon([] { trace("queued callback"); });
    trace("await gives", co_await task);
    trace("await again gives", co_await task);
    co_await asyncio::sleep(0s);
    trace("after a real yield");
}

}  // namespace awaiting_a_done_task_does_not_yield
