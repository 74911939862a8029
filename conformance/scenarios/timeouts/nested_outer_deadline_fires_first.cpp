// Nested timeouts, the outer deadline first: the cancellation passes through the inner block as
// CancelledError (its deadline is not the one that passed) and becomes TimeoutError at the
// outer block.
#include "conformance.hpp"

namespace nested_outer_deadline_fires_first {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    try {
        co_await asyncio::timeout(1s, []() -> Coro<> {
            try {
                co_await asyncio::timeout(5s, []() -> Coro<> { co_await asyncio::sleep(10s); });
            } catch (...) {
                trace("inner block raised", describe(std::current_exception()), "at", elapsed());
                throw;
            }
        });
    } catch (const asyncio::TimeoutError&) {
        trace("outer block raised", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace nested_outer_deadline_fires_first
