// wait_for(task, 0): a task already done gives its result; a task not done is cancelled and
// waited for, then TimeoutError; a task that swallows that cancellation gives its result.
#include "conformance.hpp"

namespace wait_for_zero_timeout_on_a_task {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> value(std::string v) { co_return v; }

Coro<> sleeper() {
    try {
        co_await asyncio::sleep(5s);
    } catch (const asyncio::CancelledError&) {
        trace("sleeper cancelled at", elapsed());
        throw;
    }
}

Coro<std::string> stubborn() {
    try {
        co_await asyncio::sleep(5s);
    } catch (const asyncio::CancelledError&) {
        trace("stubborn cancelled at", elapsed(), "and returns");
    }
    co_return "stubborn";
}

Coro<> scenario() {
    auto done = asyncio::create_task(value("ready"));
    co_await asyncio::sleep(0s);
    trace("done task gives", co_await asyncio::wait_for(done, 0s));
    auto pending = asyncio::create_task(sleeper());
    co_await asyncio::sleep(0s);
    try {
        co_await asyncio::wait_for(pending, 0s);
    } catch (const asyncio::TimeoutError&) {
        trace("pending task:", describe(std::current_exception()),
              "cancelled():", pending.cancelled());
    }
    auto stub = asyncio::create_task(stubborn());
    co_await asyncio::sleep(0s);
    trace("stubborn task gives", co_await asyncio::wait_for(stub, -1s));
}

}  // namespace wait_for_zero_timeout_on_a_task
