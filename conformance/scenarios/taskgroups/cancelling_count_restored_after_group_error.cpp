// The group cancels its task to interrupt the body, and takes that request back: once the
// ExceptionGroup is caught, cancelling() is 0 and the task awaits normally.
#include "conformance.hpp"

namespace cancelling_count_restored_after_group_error {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> failing() {
    co_await asyncio::sleep(1s);
    throw asyncio::ValueError("boom");
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) -> Coro<> {
            tg.create_task(failing());
            co_await asyncio::sleep(5s);
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
    trace("cancelling():", asyncio::current_task().cancelling());
    co_await asyncio::sleep(1s);
    trace("slept until", elapsed());
}

}  // namespace cancelling_count_restored_after_group_error
