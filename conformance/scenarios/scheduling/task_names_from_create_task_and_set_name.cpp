// A task's name: the one given to create_task(name=), replaced by set_name(); current_task()
// inside the task is that same task and sees the new name.
#include "conformance.hpp"

namespace task_names_from_create_task_and_set_name {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child() {
    auto me = asyncio::current_task();
    trace("child is", me.get_name());
    co_await asyncio::sleep(0s);
    trace("child now is", asyncio::current_task().get_name());
}

Coro<> scenario() {
    asyncio::current_task().set_name("main");
    trace("main is", asyncio::current_task().get_name());
    auto task = asyncio::create_task(child(), "worker-1");
    trace("created", task.get_name());
    co_await asyncio::sleep(0s);
    task.set_name("renamed");
    trace("renamed to", task.get_name());
    co_await task;
    trace("done", task.get_name());
}

}  // namespace task_names_from_create_task_and_set_name
