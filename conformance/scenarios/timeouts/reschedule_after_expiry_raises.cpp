// Once the deadline has passed, the timeout cannot be moved: reschedule() in the block's
// cleanup raises RuntimeError, and the block still ends in TimeoutError.
#include "conformance.hpp"

namespace reschedule_after_expiry_raises {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    auto& loop = asyncio::get_running_loop();
    try {
        co_await asyncio::timeout(1s, [&](asyncio::Timeout cm) -> Coro<> {
            try {
                co_await asyncio::sleep(10s);
            } catch (const asyncio::CancelledError&) {
                try {
                    cm.reschedule(loop.time() + 10s);
                    trace("reschedule accepted (not expected)");
                } catch (const asyncio::RuntimeError&) {
                    trace("reschedule raised", kind(std::current_exception()));
                }
                throw;
            }
        });
    } catch (const asyncio::TimeoutError&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace reschedule_after_expiry_raises
