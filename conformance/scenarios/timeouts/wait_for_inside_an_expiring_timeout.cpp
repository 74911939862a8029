// wait_for inside a timeout block whose deadline comes first: the wait_for's coroutine is
// cancelled, wait_for raises CancelledError (not its own TimeoutError), and the outer block
// turns it into TimeoutError.
#include "conformance.hpp"

namespace wait_for_inside_an_expiring_timeout {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> inner() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("inner cancelled at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    try {
        co_await asyncio::timeout(1s, []() -> Coro<> {
            try {
                co_await asyncio::wait_for(inner(), 5s);
            } catch (...) {
                trace("wait_for raised", describe(std::current_exception()), "at", elapsed());
                throw;
            }
        });
    } catch (const asyncio::TimeoutError&) {
        trace("block raised", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace wait_for_inside_an_expiring_timeout
