// The deadline passed and the block is cleaning up when a cancellation comes from elsewhere:
// that one wins, CancelledError comes out of the block, not TimeoutError.
#include "conformance.hpp"

namespace outside_cancel_during_expiry_cleanup {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> guarded() {
    try {
        co_await asyncio::timeout(1s, []() -> Coro<> {
            bool cancelled = false;
            try {
                co_await asyncio::sleep(10s);
            } catch (const asyncio::CancelledError&) {
                trace("deadline passed at", elapsed());
                cancelled = true;
            }
            if (cancelled) {
                co_await asyncio::sleep(5s);
                trace("not reached");
            }
        });
    } catch (...) {
        trace("block raised", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(guarded());
    co_await asyncio::sleep(2s);
    task.cancel();
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("task cancelled():", task.cancelled());
    }
}

}  // namespace outside_cancel_during_expiry_cleanup
