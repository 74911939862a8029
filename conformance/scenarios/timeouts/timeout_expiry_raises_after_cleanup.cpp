// When timeout(d) expires, the block's await raises CancelledError; the block's cleanup runs
// (and may take time), and TimeoutError comes out of the block once it has finished.
#include "conformance.hpp"

namespace timeout_expiry_raises_after_cleanup {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    try {
        co_await asyncio::timeout(2s, []() -> Coro<> {
            std::exception_ptr cancelled;
            try {
                co_await asyncio::sleep(10s);
            } catch (const asyncio::CancelledError&) {
                trace("block sees", describe(std::current_exception()), "at", elapsed());
                cancelled = std::current_exception();
            }
            if (cancelled) {
                co_await asyncio::sleep(500ms);
                trace("cleanup done at", elapsed());
                std::rethrow_exception(cancelled);
            }
        });
    } catch (const asyncio::TimeoutError&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
    trace("cancelling():", asyncio::current_task().cancelling());
}

}  // namespace timeout_expiry_raises_after_cleanup
