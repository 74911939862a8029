// The event a task waits on is set and the task is cancelled in the same turn, before the
// task runs: CPython's wait() raises CancelledError (the library's wait() returns, and the
// cancellation comes at the task's next await: a documented deviation).
#include "conformance.hpp"

namespace event_set_and_cancel_in_the_same_turn {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Event* event) {
    try {
        co_await event->wait();
        trace("waiter woke");
        co_await asyncio::sleep(1s);
        trace("waiter went on");
    } catch (const asyncio::CancelledError&) {
        trace("waiter cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Event event;
    auto task = asyncio::create_task(waiter(&event));
    co_await asyncio::sleep(1s);
    event.set();
    task.cancel("both at once");
    co_await asyncio::gather(asyncio::return_exceptions, task);
    trace("cancelled() =", task.cancelled(), "is_set() =", event.is_set());
}

}  // namespace event_set_and_cancel_in_the_same_turn
