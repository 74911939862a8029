// current_task() names the task whose step is running; in a plain loop callback (call_soon,
// call_later, a done callback) no task is running and it is None.
#include "conformance.hpp"

namespace current_task_is_none_in_a_callback {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

void report(std::string where) {
    auto task = asyncio::current_task();
    trace(where, "current task:", task ? task.get_name() : std::string("None"));
}

Coro<> child() {
    report("child");
    co_return;
}

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    asyncio::current_task().set_name("main");
    report("main");
    loop.call_soon([] { report("call_soon"); });
    loop.call_later(1s, [] { report("call_later"); });
    auto task = asyncio::create_task(child(), "child");
    task.add_done_callback([](asyncio::Task<>) { report("done callback"); });
    co_await asyncio::sleep(2s);
}

}  // namespace current_task_is_none_in_a_callback
