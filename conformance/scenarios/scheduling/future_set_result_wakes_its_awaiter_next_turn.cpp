// set_result() does not run the awaiting task: its wake-up is queued behind what is already
// in the ready queue, ahead of what is scheduled after set_result().
#include "conformance.hpp"

namespace future_set_result_wakes_its_awaiter_next_turn {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Future<int> fut) {
    trace("waiter awaits the future");
    int value = co_await fut;
    trace("waiter got", value);
}

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    asyncio::Future<int> fut;
    auto task = asyncio::create_task(waiter(fut));
    co_await asyncio::sleep(0s);
    loop.call_soon([] { trace("callback before set_result"); });
    fut.set_result(42);
    trace("set_result returned, done():", fut.done(), "task done():", task.done());
    loop.call_soon([] { trace("callback after set_result"); });
    co_await task;
    trace("main done");
}

}  // namespace future_set_result_wakes_its_awaiter_next_turn
