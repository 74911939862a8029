// wait_for on a future whose result is set in the same loop turn as the deadline passes (both
// timers at t=1, the result's set first): wait_for returns the result, it is not lost. (3.11's
// wait_for checks the future first; 3.12's, built on timeout(), loses it as
// result_arriving_with_the_deadline shows; the library keeps it in both.)
#include "conformance.hpp"

namespace wait_for_result_arriving_with_the_deadline {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> await_future(asyncio::Future<std::string> fut) { co_return co_await fut; }

Coro<> scenario() {
    auto& loop = asyncio::get_running_loop();
    asyncio::Future<std::string> fut;
    loop.call_later(1s, [fut]() mutable { fut.set_result("value"); });
    try {
        auto v = co_await asyncio::wait_for(await_future(fut), 1s);
        trace("wait_for gave", v, "at", elapsed());
    } catch (const asyncio::TimeoutError&) {
        trace("TimeoutError at", elapsed());
    }
    trace("cancelling():", asyncio::current_task().cancelling());
}

}  // namespace wait_for_result_arriving_with_the_deadline
