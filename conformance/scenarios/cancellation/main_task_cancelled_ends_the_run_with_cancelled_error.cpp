// When the main task ends cancelled, asyncio.run() raises CancelledError, with the message,
// to its caller.
#include "conformance.hpp"

namespace main_task_cancelled_ends_the_run_with_cancelled_error {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    co_await asyncio::sleep(1s);
    trace("cancel returns", asyncio::current_task().cancel("main gives up"));
    trace("main awaits once more");
    co_await asyncio::sleep(1s);
    trace("not reached");
}

}  // namespace main_task_cancelled_ends_the_run_with_cancelled_error
