// A callback that raises is reported to the loop's exception handler (on stderr) and the loop
// goes on: the callbacks after it still run, and the task that scheduled them resumes.
#include "conformance.hpp"

namespace callback_that_raises_does_not_stop_the_loop {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

void boom() {
    trace("boom raises");
    throw asyncio::ValueError("callback failure");
}

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    loop.call_soon([] { trace("before"); });
    loop.call_soon(boom);
    loop.call_soon([] { trace("after"); });
    loop.call_later(1s, [] { trace("timer still fires"); });
    co_await asyncio::sleep(2s);
    trace("main resumes");
}

}  // namespace callback_that_raises_does_not_stop_the_loop
