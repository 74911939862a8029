// Timeout.reschedule to a later time: the old deadline passes without effect, the block is
// cancelled at the new one.
#include "conformance.hpp"

namespace reschedule_to_a_later_deadline {

using asyncio::Coro;
using conformance::deadline;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    auto& loop = asyncio::get_running_loop();
    try {
        co_await asyncio::timeout(1s, [&](asyncio::Timeout cm) -> Coro<> {
            cm.reschedule(loop.time() + 3s);
            trace("deadline now", deadline(cm.when()));
            co_await asyncio::sleep(2s);
            trace("still running at", elapsed(), "expired:", cm.expired());
            co_await asyncio::sleep(5s);
        });
    } catch (const asyncio::TimeoutError&) {
        trace("timed out at", elapsed());
    }
}

}  // namespace reschedule_to_a_later_deadline
