// call_soon(fn, *args) runs the callbacks in the order they were scheduled, each with its own
// arguments, all in the loop's next turn: before the scheduling task resumes from sleep(0).
#include "conformance.hpp"

namespace call_soon_runs_callbacks_in_fifo_order_with_args {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    for (int i = 0; i < 5; ++i) loop.call_soon([i] { trace("callback", i, "of", 5); });
    trace("scheduled five");
    co_await asyncio::sleep(0s);
    trace("main resumes");
}

}  // namespace call_soon_runs_callbacks_in_fifo_order_with_args
