// A future's result arrives in the same loop turn as the timeout's deadline (both timers at
// t=1, the result's set first): CPython delivers the cancellation at that await, so the result
// is lost and TimeoutError comes out.
#include "conformance.hpp"

namespace result_arriving_with_the_deadline {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> scenario() {
    auto& loop = asyncio::get_running_loop();
    asyncio::Future<std::string> fut;
    loop.call_later(1s, [fut]() mutable { fut.set_result("value"); });
    try {
        co_await asyncio::timeout(1s, [&]() -> Coro<> {
            auto v = co_await fut;
            trace("block got", v, "at", elapsed());
        });
    } catch (const asyncio::TimeoutError&) {
        trace("TimeoutError at", elapsed());
    }
    trace("cancelling():", asyncio::current_task().cancelling());
}

}  // namespace result_arriving_with_the_deadline
