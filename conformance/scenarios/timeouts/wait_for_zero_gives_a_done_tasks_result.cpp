// wait_for with a zero or negative timeout: a task that is already done gives its result; one
// that is not is cancelled (before its first step, here: its body never runs) and
// TimeoutError follows.
#include "conformance.hpp"

namespace wait_for_zero_gives_a_done_tasks_result {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> value(int v) {
    trace("value", v, "runs");
    co_return v;
}

Coro<> scenario() {
    auto done = asyncio::create_task(value(5));
    co_await asyncio::sleep(0s);
    trace("done task, timeout 0:", co_await asyncio::wait_for(done, 0s));
    trace("done task, timeout -1:", co_await asyncio::wait_for(done, -1s));
    auto fresh = asyncio::create_task(value(7));
    try {
        co_await asyncio::wait_for(fresh, 0s);
    } catch (const asyncio::TimeoutError&) {
        trace("fresh task:", conformance::kind(std::current_exception()),
              "cancelled() =", fresh.cancelled());
    }
}

}  // namespace wait_for_zero_gives_a_done_tasks_result
