// Cancelling the task that waits in wait_for: the inner coroutine is cancelled and the waiter
// gets CancelledError (with the message), not TimeoutError.
#include "conformance.hpp"

namespace cancelling_a_task_in_wait_for {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> inner() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("inner cancelled at", elapsed());
        throw;
    }
}

Coro<> waiter() {
    try {
        co_await asyncio::wait_for(inner(), 5s);
    } catch (...) {
        trace("wait_for raised", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(waiter());
    co_await asyncio::sleep(1s);
    task.cancel("enough");
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("waiter cancelled():", task.cancelled());
    }
}

}  // namespace cancelling_a_task_in_wait_for
