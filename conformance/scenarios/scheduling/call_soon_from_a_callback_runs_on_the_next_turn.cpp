// A callback scheduled by a running callback goes to the back of the ready queue: it runs
// after everything that was already queued, in the next turn, not in the current one.
#include "conformance.hpp"

namespace call_soon_from_a_callback_runs_on_the_next_turn {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    auto* l = &loop;
    loop.call_soon([l] {
        trace("first runs, schedules nested");
        l->call_soon([] { trace("nested"); });
    });
    loop.call_soon([] { trace("second"); });
    co_await asyncio::sleep(0s);
    trace("main after one turn");
    co_await asyncio::sleep(0s);
    trace("main after two turns");
}

}  // namespace call_soon_from_a_callback_runs_on_the_next_turn
