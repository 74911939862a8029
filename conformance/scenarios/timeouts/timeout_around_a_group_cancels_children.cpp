// A timeout around a task group: at the deadline the body is cancelled, the group cancels its
// children and raises CancelledError, which the timeout turns into TimeoutError (no group).
#include "conformance.hpp"

namespace timeout_around_a_group_cancels_children {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::string name) {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    try {
        co_await asyncio::timeout(2s, []() -> Coro<> {
            try {
                co_await asyncio::task_group([](asyncio::TaskGroup tg) {
                    tg.create_task(child("a"));
                    tg.create_task(child("b"));
                });
            } catch (...) {
                trace("group raised", describe(std::current_exception()));
                throw;
            }
        });
    } catch (const asyncio::TimeoutError&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace timeout_around_a_group_cancels_children
