// A child that fails while the group is already waiting at its end still cancels the other
// children, and the group raises its ExceptionGroup.
#include "conformance.hpp"

namespace failure_after_the_body_finished {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> failing() {
    co_await asyncio::sleep(2s);
    trace("child fails at", elapsed());
    throw asyncio::ValueError("late");
}

Coro<> sleeper() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("sleeper cancelled at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) -> Coro<> {
            tg.create_task(failing());
            tg.create_task(sleeper());
            co_await asyncio::sleep(1s);
            trace("body done at", elapsed());
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace failure_after_the_body_finished
