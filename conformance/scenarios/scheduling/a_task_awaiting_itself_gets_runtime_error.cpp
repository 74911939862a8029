// A task that awaits itself gets RuntimeError ("Task cannot await on itself") at that await,
// on the loop's next turn; it can catch it and go on to return a value.
#include "conformance.hpp"

namespace a_task_awaiting_itself_gets_runtime_error {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> selfish() {
    try {
        co_await asyncio::current_task();
    } catch (const asyncio::RuntimeError&) {
        trace("selfish caught", conformance::kind(std::current_exception()));
    }
    co_await asyncio::sleep(1s);
    co_return "selfish done";
}

Coro<> other() {
    trace("other runs");
    co_return;
}

Coro<> scenario() {
    auto task = asyncio::create_task(selfish());
    asyncio::create_task(other());
    trace("result", co_await task);
}

}  // namespace a_task_awaiting_itself_gets_runtime_error
