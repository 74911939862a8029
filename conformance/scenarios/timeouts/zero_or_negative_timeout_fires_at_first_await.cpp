// timeout(0) or a negative delay has already expired: the block runs until its first await,
// which raises CancelledError, and TimeoutError comes out; a block that never awaits finishes.
#include "conformance.hpp"

namespace zero_or_negative_timeout_fires_at_first_await {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    for (int delay : {0, -1}) {
        try {
            co_await asyncio::timeout(delay * 1s, [&]() -> Coro<> {
                trace("block starts with delay", delay);
                co_await asyncio::sleep(1s);
                trace("not reached");
            });
        } catch (const asyncio::TimeoutError&) {
            trace("caught", describe(std::current_exception()), "at", elapsed());
        }
    }
    co_await asyncio::timeout(
        0s, [](asyncio::Timeout cm) { trace("a block without awaits; expired:", cm.expired()); });
    trace("it finished at", elapsed());
    co_await asyncio::sleep(1s);
    trace("next await completes at", elapsed());
}

}  // namespace zero_or_negative_timeout_fires_at_first_await
