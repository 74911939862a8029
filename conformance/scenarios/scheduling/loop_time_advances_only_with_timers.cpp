// On a virtual clock, loop.time() moves only when the loop waits for a timer: sleep(0) and
// plain work take no time, concurrent sleeps overlap, and sequential ones add up.
#include "conformance.hpp"

namespace loop_time_advances_only_with_timers {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> nap(std::chrono::milliseconds delay) { co_await asyncio::sleep(delay); }

Coro<> scenario() {
    for (int i = 0; i < 100; ++i) co_await asyncio::sleep(0s);
    trace("after 100 sleep(0):", elapsed());
    co_await asyncio::gather(nap(1500ms), nap(250ms), nap(1000ms));
    trace("after concurrent 1.5/0.25/1:", elapsed());
    co_await asyncio::sleep(250ms);
    co_await asyncio::sleep(250ms);
    trace("after two sequential 0.25:", elapsed());
}

}  // namespace loop_time_advances_only_with_timers
