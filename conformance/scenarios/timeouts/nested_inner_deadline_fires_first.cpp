// Nested timeouts, the inner deadline first: TimeoutError comes out of the inner block, and the
// outer block goes on under its own deadline.
#include "conformance.hpp"

namespace nested_inner_deadline_fires_first {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    try {
        co_await asyncio::timeout(5s, []() -> Coro<> {
            try {
                co_await asyncio::timeout(1s, []() -> Coro<> { co_await asyncio::sleep(10s); });
            } catch (const asyncio::TimeoutError&) {
                trace("inner block raised", describe(std::current_exception()), "at", elapsed());
            }
            co_await asyncio::sleep(2s);
            trace("outer block goes on at", elapsed());
            co_await asyncio::sleep(10s);
        });
    } catch (const asyncio::TimeoutError&) {
        trace("outer block timed out at", elapsed());
    }
}

}  // namespace nested_inner_deadline_fires_first
