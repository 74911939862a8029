// TimerHandle.cancel() before the deadline: the callback never runs and cancelled() is True;
// cancel() on a handle whose callback already ran still marks it cancelled().
#include "conformance.hpp"

namespace timer_handle_cancel_before_firing {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    auto keep = loop.call_later(1s, [] { trace("kept timer fires at", elapsed()); });
    auto drop = loop.call_later(2s, [] { trace("dropped timer fires"); });
    auto soon = loop.call_soon([] { trace("dropped callback runs"); });
    trace("before cancel:", drop.cancelled(), soon.cancelled());
    drop.cancel();
    soon.cancel();
    trace("after cancel:", drop.cancelled(), soon.cancelled(), keep.cancelled());
    co_await asyncio::sleep(3s);
    keep.cancel();
    trace("at", elapsed(), "cancelling the fired handle: cancelled()", keep.cancelled());
}

}  // namespace timer_handle_cancel_before_firing
