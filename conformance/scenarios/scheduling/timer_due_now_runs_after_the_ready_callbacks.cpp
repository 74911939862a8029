// A timer that is due joins the ready queue behind the callbacks already there: call_later(0)
// scheduled before a call_soon still runs after it, in the same turn.
#include "conformance.hpp"

namespace timer_due_now_runs_after_the_ready_callbacks {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    loop.call_later(0s, [] { trace("call_later(0)"); });
    loop.call_soon([] { trace("call_soon"); });
    loop.call_soon([] { trace("call_soon 2"); });
    co_await asyncio::sleep(0s);
    trace("main after one turn");
    co_await asyncio::sleep(0s);
    trace("main after two turns");
}

}  // namespace timer_due_now_runs_after_the_ready_callbacks
