// shield(): cancelling the task that awaits it raises CancelledError there at once; the
// shielded task is not cancelled, finishes, and its result stays in its task (lost to the
// awaiter, kept for whoever holds the task).
#include "conformance.hpp"

namespace shield_outer_cancelled_inner_completes {

using asyncio::Coro;
using asyncio::Task;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> inner() {
    co_await asyncio::sleep(3s);
    trace("inner finishes at", elapsed());
    co_return "saved";
}

Coro<> outer(Task<std::string> task) {
    std::string value;
    try {
        value = co_await asyncio::shield(task);
    } catch (const asyncio::CancelledError&) {
        trace("outer caught", describe(std::current_exception()), "at", elapsed());
        throw;
    }
    trace("outer got", value);
}

Coro<> scenario() {
    auto task = asyncio::create_task(inner());
    auto o = asyncio::create_task(outer(task));
    co_await asyncio::sleep(1s);
    o.cancel("stop outer");
    try {
        co_await o;
    } catch (const asyncio::CancelledError&) {
        trace("outer cancelled", o.cancelled(), "inner cancelled", task.cancelled());
    }
    trace("inner still running", !task.done());
    std::string result = co_await task;
    trace("inner result", result, "at", elapsed());
}

}  // namespace shield_outer_cancelled_inner_completes
