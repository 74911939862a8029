// wait_for(shield(task), t): the timeout cancels the shield's awaiter, not the task; wait_for
// raises TimeoutError at the deadline and the task runs on to its result.
#include "conformance.hpp"

namespace shield_under_wait_for_keeps_task_running {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> slow() {
    try {
        co_await asyncio::sleep(5s);
    } catch (const asyncio::CancelledError&) {
        trace("slow was cancelled");
        throw;
    }
    trace("slow finishes at", elapsed());
    co_return "done";
}

Coro<std::string> shielded(asyncio::Task<std::string> task) {
    co_return co_await asyncio::shield(task);
}

Coro<> scenario() {
    auto task = asyncio::create_task(slow());
    try {
        co_await asyncio::wait_for(shielded(task), 2s);
    } catch (const asyncio::TimeoutError&) {
        trace("wait_for raised", describe(std::current_exception()), "at", elapsed());
    }
    trace("task cancelled()", task.cancelled(), "done()", task.done());
    std::string result = co_await task;
    trace("task result", result, "at", elapsed());
}

}  // namespace shield_under_wait_for_keeps_task_running
