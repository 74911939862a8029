// call_later/call_at timers fire in the order of their deadlines, not of scheduling, each at
// its own loop time.
#include "conformance.hpp"

namespace call_later_fires_in_deadline_order {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    loop.call_later(3s, [] { trace("3 s timer at", elapsed()); });
    loop.call_later(1s, [] { trace("1 s timer at", elapsed()); });
    loop.call_at(loop.time() + 2s, [] { trace("call_at +2 at", elapsed()); });
    loop.call_later(500ms, [] { trace("0.5 s timer at", elapsed()); });
    co_await asyncio::sleep(5s);
    trace("main wakes at", elapsed());
}

}  // namespace call_later_fires_in_deadline_order
