// A block that turns its deadline's cancellation into another exception: that exception comes
// out of the block, not TimeoutError.
#include "conformance.hpp"

namespace block_raising_another_error_keeps_it {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    try {
        co_await asyncio::timeout(1s, []() -> Coro<> {
            try {
                co_await asyncio::sleep(10s);
            } catch (const asyncio::CancelledError&) {
                throw asyncio::ValueError("gave up");
            }
        });
    } catch (const std::exception&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
    trace("cancelling():", asyncio::current_task().cancelling());
}

}  // namespace block_raising_another_error_keeps_it
