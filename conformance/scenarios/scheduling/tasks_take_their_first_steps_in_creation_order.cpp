// create_task() does not run anything: each new task takes its first step in a later turn,
// in the order the tasks were created, and only once the creator yields.
#include "conformance.hpp"

namespace tasks_take_their_first_steps_in_creation_order {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::string name) {
    trace(name, "first step");
    co_await asyncio::sleep(0s);
    trace(name, "second step");
}

Coro<> scenario() {
    std::vector<asyncio::Task<>> tasks;
    for (const char* name : {"a", "b", "c"}) tasks.push_back(asyncio::create_task(child(name)));
    trace("created three, none ran");
    for (auto& t : tasks) co_await t;
    trace("all done");
}

}  // namespace tasks_take_their_first_steps_in_creation_order
