// Cancelling the task that runs the group while children run: the children are cancelled,
// the group waits for them, and CancelledError (not a group) comes out, with the message
// given to cancel(); the task's cancelling() counts the one request.
#include "conformance.hpp"

namespace outside_cancel_propagates_cancelled_error {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::string name, std::chrono::milliseconds cleanup) {
    std::exception_ptr cancelled;
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled at", elapsed());
        cancelled = std::current_exception();
    }
    if (cancelled) {
        co_await asyncio::sleep(cleanup);
        trace(name, "cleaned up at", elapsed());
        std::rethrow_exception(cancelled);
    }
}

Coro<> runner() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) -> Coro<> {
            tg.create_task(child("a", 500ms));
            tg.create_task(child("b", 1000ms));
            co_await asyncio::sleep(10s);
        });
    } catch (...) {
        trace("group raised", describe(std::current_exception()), "at", elapsed());
        trace("cancelling():", asyncio::current_task().cancelling());
        throw;
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(runner());
    co_await asyncio::sleep(2s);
    task.cancel("stop");
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("runner cancelled:", task.cancelled(), "at", elapsed());
    }
}

}  // namespace outside_cancel_propagates_cancelled_error
