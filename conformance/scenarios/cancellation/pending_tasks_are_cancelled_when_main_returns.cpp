// When the main task returns, run() cancels the tasks still pending (without a message) and
// waits for them to finish, clean-up awaits included, before it returns.
#include "conformance.hpp"

namespace pending_tasks_are_cancelled_when_main_returns {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> background(std::string name, std::chrono::seconds cleanup) {
    std::exception_ptr cancelled;
    try {
        co_await asyncio::sleep(100s);
    } catch (const asyncio::CancelledError&) {
        cancelled = std::current_exception();  // C++ cannot co_await in a catch block
    }
    if (cancelled) {
        trace(name, "cancelled at shutdown:", describe(cancelled), "at", elapsed());
        co_await asyncio::sleep(cleanup);
        trace(name, "cleaned up at", elapsed());
        std::rethrow_exception(cancelled);
    }
}

Coro<> scenario() {
    asyncio::create_task(background("a", 2s));
    asyncio::create_task(background("b", 1s));
    co_await asyncio::sleep(1s);
    trace("main returns at", elapsed());
}

}  // namespace pending_tasks_are_cancelled_when_main_returns
