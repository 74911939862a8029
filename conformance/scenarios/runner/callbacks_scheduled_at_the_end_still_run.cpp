// call_soon callbacks scheduled in main's last step run before run() returns, in order, and
// so does one they schedule in turn.
#include "conformance.hpp"

namespace callbacks_scheduled_at_the_end_still_run {

using asyncio::Coro;
using conformance::trace;

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    loop.call_soon([] { trace("callback 1"); });
    loop.call_soon([&loop] {
        trace("callback 2");
        loop.call_soon([] { trace("callback 3, scheduled by callback 2"); });
    });
    trace("main returns");
    co_return;
}

}  // namespace callbacks_scheduled_at_the_end_still_run
