// Timeout.reschedule to an earlier time moves the expiry there; to a time already passed, the
// block is cancelled on the next loop turn.
#include "conformance.hpp"

namespace reschedule_to_an_earlier_deadline {

using asyncio::Coro;
using conformance::deadline;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    auto& loop = asyncio::get_running_loop();
    try {
        co_await asyncio::timeout(10s, [&](asyncio::Timeout cm) -> Coro<> {
            co_await asyncio::sleep(1s);
            cm.reschedule(loop.time() + 1s);
            trace("rescheduled to", deadline(cm.when()));
            co_await asyncio::sleep(5s);
        });
    } catch (const asyncio::TimeoutError&) {
        trace("timed out at", elapsed());
    }
    try {
        co_await asyncio::timeout(10s, [&](asyncio::Timeout cm) -> Coro<> {
            cm.reschedule(loop.time() - 1s);
            trace("rescheduled into the past:", deadline(cm.when()));
            co_await asyncio::sleep(5s);
        });
    } catch (const asyncio::TimeoutError&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace reschedule_to_an_earlier_deadline
