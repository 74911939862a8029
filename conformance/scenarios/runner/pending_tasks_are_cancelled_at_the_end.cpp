// When main returns, run() cancels the tasks still pending: each sees CancelledError at its
// await, its finally block runs (and may await), and run() waits for it to end.
#include "conformance.hpp"

namespace pending_tasks_are_cancelled_at_the_end {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> worker() {
    std::exception_ptr error;
    try {
        co_await asyncio::sleep(100s);
        trace("worker not reached");
    } catch (const asyncio::CancelledError&) {
        trace("worker cancelled at", elapsed());
        error = std::current_exception();
    }
    // the finally block (C++ cannot co_await in a catch block)
    co_await asyncio::sleep(2s);
    trace("worker's finally done at", elapsed());
    if (error) std::rethrow_exception(error);
}

Coro<> scenario() {
    asyncio::create_task(worker());
    co_await asyncio::sleep(1s);
    trace("main returns at", elapsed());
}

}  // namespace pending_tasks_are_cancelled_at_the_end
