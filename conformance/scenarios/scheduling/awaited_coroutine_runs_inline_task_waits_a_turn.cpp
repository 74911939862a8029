// Awaiting a coroutine runs it inline in the awaiting task, at once and with no turn given
// away; wrapping the same coroutine in a task defers its start to a later turn.
#include "conformance.hpp"

namespace awaited_coroutine_runs_inline_task_waits_a_turn {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> step(std::string name) {
    trace(name, "runs in", asyncio::current_task().get_name());
    co_return name;
}

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    asyncio::current_task().set_name("main");
    loop.call_soon([] { trace("queued callback"); });
    trace("inline gives", co_await step("inline"));
    auto task = asyncio::create_task(step("task"), "child");
    trace("task created");
    trace("task gives", co_await task);
}

}  // namespace awaited_coroutine_runs_inline_task_waits_a_turn
