// wait_for(task, d): at the deadline the task itself is cancelled and waited for; TimeoutError
// then, and the task is left cancelled.
#include "conformance.hpp"

namespace wait_for_a_task_cancels_it_at_the_deadline {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> work() {
    std::exception_ptr cancelled;
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("task cancelled at", elapsed());
        cancelled = std::current_exception();
    }
    if (cancelled) {
        co_await asyncio::sleep(1s);
        trace("task cleaned up at", elapsed());
        std::rethrow_exception(cancelled);
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(work());
    try {
        co_await asyncio::wait_for(task, 2s);
    } catch (const asyncio::TimeoutError&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
    trace("task cancelled():", task.cancelled());
}

}  // namespace wait_for_a_task_cancels_it_at_the_deadline
