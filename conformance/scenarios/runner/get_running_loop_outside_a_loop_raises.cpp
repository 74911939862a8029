// get_running_loop() on a thread with no running loop (a worker thread) raises RuntimeError
// 'no running event loop'; inside a coroutine it gives the running loop.
#include "conformance.hpp"

namespace get_running_loop_outside_a_loop_raises {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;

bool probe() { return asyncio::get_running_loop().is_running(); }

Coro<> scenario() {
    trace("inside:", probe());
    try {
        co_await asyncio::to_thread(probe);
    } catch (const asyncio::RuntimeError&) {
        trace("on a worker thread:", describe(std::current_exception()));
    }
}

}  // namespace get_running_loop_outside_a_loop_raises
