// create_task() from a plain loop callback works (the loop is running) and, as from a task,
// only schedules the new task: its first step comes in a later turn.
#include "conformance.hpp"

namespace task_created_from_a_callback_starts_next_turn {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::string name) {
    trace(name, "first step");
    co_return;
}

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    std::vector<asyncio::Task<>> holder;
    auto* tasks = &holder;
    loop.call_soon([tasks] {
        trace("callback creates the task");
        tasks->push_back(asyncio::create_task(child("spawned")));
        trace("callback returns");
    });
    loop.call_soon([] { trace("next callback"); });
    co_await asyncio::sleep(0s);
    trace("main after one turn");
    co_await holder[0];
    trace("main after the task");
}

}  // namespace task_created_from_a_callback_starts_next_turn
