// asyncio.run() raises the exception main raised, with its message, after cancelling the
// tasks main left behind (which see CancelledError first).
#include "conformance.hpp"

namespace run_raises_mains_exception {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> leftover() {
    try {
        co_await asyncio::sleep(3600s);
    } catch (const asyncio::CancelledError&) {
        trace("leftover task cancelled");
        throw;
    }
}

Coro<> failing() {
    asyncio::create_task(leftover());
    co_await asyncio::sleep(0s);
    throw asyncio::ValueError("main failed");
}

void run_failing() { asyncio::run(failing(), {.handle_sigint = false}); }

Coro<> scenario() {
    try {
        co_await asyncio::to_thread(run_failing);
    } catch (const asyncio::ValueError&) {
        trace("run raised", describe(std::current_exception()));
    }
}

}  // namespace run_raises_mains_exception
