// A block that catches the cancellation its deadline caused and ends normally: no TimeoutError
// comes out, the code after it runs, and the cancellation is taken back (cancelling() 0).
#include "conformance.hpp"

namespace block_swallowing_cancellation_gets_no_timeout_error {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    co_await asyncio::timeout(1s, [](asyncio::Timeout cm) -> Coro<> {
        try {
            co_await asyncio::sleep(10s);
        } catch (const asyncio::CancelledError&) {
            trace("block swallows the cancellation at", elapsed());
        }
        trace("expired:", cm.expired());
    });
    trace("after the block at", elapsed(), "cancelling():", asyncio::current_task().cancelling());
    co_await asyncio::sleep(1s);
    trace("next await completes at", elapsed());
}

}  // namespace block_swallowing_cancellation_gets_no_timeout_error
