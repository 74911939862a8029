// A cancelled task unwinds the coroutines it was awaiting inline from the innermost out: each
// level's handler and clean-up runs in turn, within the same step.
#include "conformance.hpp"

namespace cancel_unwinds_inline_coroutines_innermost_first {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

// Python's `finally:` (declared before the try block, so that it runs after the handler).
struct CleanUp {
    int depth;
    ~CleanUp() { trace("level", depth, "cleans up"); }
};

Coro<> level(int depth) {
    CleanUp clean_up{depth};
    try {
        if (depth == 3) {
            co_await asyncio::sleep(10s);
        } else {
            co_await level(depth + 1);
        }
    } catch (const asyncio::CancelledError&) {
        trace("level", depth, "sees", describe(std::current_exception()));
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(level(1));
    co_await asyncio::sleep(1s);
    task.cancel("unwind");
    co_await asyncio::gather(asyncio::return_exceptions, task);
    trace("cancelled() =", task.cancelled());
}

}  // namespace cancel_unwinds_inline_coroutines_innermost_first
