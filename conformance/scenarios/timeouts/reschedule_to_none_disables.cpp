// Timeout.reschedule(None) removes the deadline: the block runs to its end; a later reschedule
// sets one again.
#include "conformance.hpp"

namespace reschedule_to_none_disables {

using asyncio::Coro;
using conformance::deadline;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    auto& loop = asyncio::get_running_loop();
    co_await asyncio::timeout(1s, [](asyncio::Timeout cm) -> Coro<> {
        cm.reschedule(std::nullopt);
        trace("when:", deadline(cm.when()));
        co_await asyncio::sleep(3s);
        trace("block finished at", elapsed(), "expired:", cm.expired());
    });
    try {
        co_await asyncio::timeout_at(std::nullopt, [&](asyncio::Timeout cm) -> Coro<> {
            trace("when:", deadline(cm.when()));
            co_await asyncio::sleep(2s);
            cm.reschedule(loop.time() + 1s);
            trace("when:", deadline(cm.when()));
            co_await asyncio::sleep(5s);
        });
    } catch (const asyncio::TimeoutError&) {
        trace("timed out at", elapsed());
    }
}

}  // namespace reschedule_to_none_disables
