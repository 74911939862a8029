// wait_for: the inner coroutine is cancelled when the time runs out and may take time to
// finish; TimeoutError comes once it has. A result that comes first is returned.
#include "conformance.hpp"

namespace wait_for_times_out_at_the_deadline {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> slow(std::chrono::seconds delay, std::string value) {
    try {
        co_await asyncio::sleep(delay);
    } catch (const asyncio::CancelledError&) {
        trace("slow cancelled at", elapsed());
        throw;
    }
    co_return value;
}

Coro<> scenario() {
    trace("quick gives", co_await asyncio::wait_for(slow(1s, "quick"), 2s));
    try {
        co_await asyncio::wait_for(slow(5s, "late"), 3s);
    } catch (const asyncio::TimeoutError&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
    try {
        co_await asyncio::wait_for(slow(1s, "unstarted"), 0s);
    } catch (const asyncio::TimeoutError&) {
        trace("zero timeout:", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace wait_for_times_out_at_the_deadline
