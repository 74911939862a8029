// asyncio.run() called from a coroutine (a loop is running on this thread) raises
// RuntimeError, without running the coroutine given.
#include "conformance.hpp"

namespace run_inside_a_running_loop_raises {

using asyncio::Coro;
using conformance::kind;
using conformance::trace;

Coro<> never() {
    trace("never runs");
    co_return;
}

Coro<> scenario() {
    try {
        asyncio::run(never());
    } catch (const asyncio::RuntimeError&) {
        trace("run raised", kind(std::current_exception()));
    }
    trace("the loop goes on");
    co_return;
}

}  // namespace run_inside_a_running_loop_raises
