// Timeout.expired() is False until the deadline passes, and True in the block's cleanup once
// it has; when() keeps the deadline.
#include "conformance.hpp"

namespace expired_seen_inside_the_block {

using asyncio::Coro;
using conformance::deadline;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    try {
        co_await asyncio::timeout(2s, [](asyncio::Timeout cm) -> Coro<> {
            trace("expired at start:", cm.expired(), "when:", deadline(cm.when()));
            co_await asyncio::sleep(1s);
            trace("expired at", elapsed(), ":", cm.expired());
            try {
                co_await asyncio::sleep(5s);
            } catch (const asyncio::CancelledError&) {
                trace("expired in cleanup at", elapsed(), ":", cm.expired());
                throw;
            }
        });
    } catch (const asyncio::TimeoutError&) {
        trace("timed out at", elapsed());
    }
}

}  // namespace expired_seen_inside_the_block
