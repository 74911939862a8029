// The body has finished and the group waits for its children when the task is cancelled from
// outside: the children are cancelled, and CancelledError comes out once they are done.
#include "conformance.hpp"

namespace outside_cancel_while_waiting_for_children {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::chrono::seconds delay) {
    try {
        co_await asyncio::sleep(delay);
    } catch (const asyncio::CancelledError&) {
        trace("child cancelled at", elapsed());
        throw;
    }
    trace("child finished at", elapsed());
}

Coro<> runner() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) {
            tg.create_task(child(1s));
            tg.create_task(child(10s));
            trace("body done at", elapsed());
        });
    } catch (...) {
        trace("group raised", describe(std::current_exception()), "at", elapsed());
        throw;
    }
    trace("not reached");
}

Coro<> scenario() {
    auto task = asyncio::create_task(runner());
    co_await asyncio::sleep(3s);
    task.cancel();
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("runner cancelled at", elapsed());
    }
}

}  // namespace outside_cancel_while_waiting_for_children
