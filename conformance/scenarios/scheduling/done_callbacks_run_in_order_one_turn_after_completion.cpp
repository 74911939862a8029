// A task's done callbacks run in the order they were added, each with the task, scheduled
// with call_soon when the task finishes: not inside its last step, but in a later turn.
#include "conformance.hpp"

namespace done_callbacks_run_in_order_one_turn_after_completion {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> child() {
    co_await asyncio::sleep(0s);
    trace("child returns");
    co_return 7;
}

Coro<> ticker() {
    for (int i = 0; i < 4; ++i) {
        trace("tick", i);
        co_await asyncio::sleep(0s);
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(child());
    for (std::string name : {"first", "second", "third"})
        task.add_done_callback(
            [name](asyncio::Task<int> t) { trace(name, "callback sees", t.result()); });
    auto tick = asyncio::create_task(ticker());
    co_await asyncio::gather(task, tick);
    trace("done");
}

}  // namespace done_callbacks_run_in_order_one_turn_after_completion
