// add_done_callback on a task that is already done does not call the callback at once: it is
// scheduled with call_soon, behind what was already queued.
#include "conformance.hpp"

namespace done_callback_on_a_finished_task_runs_next_turn {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child() { co_return "value"; }

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    auto task = asyncio::create_task(child());
    co_await task;
    loop.call_soon([] { trace("queued before"); });
    task.add_done_callback(
        [](asyncio::Task<std::string> t) { trace("done callback sees", t.result()); });
    loop.call_soon([] { trace("queued after"); });
    trace("callback added, not yet run");
    co_await asyncio::sleep(0s);
    trace("main after one turn");
}

}  // namespace done_callback_on_a_finished_task_runs_next_turn
