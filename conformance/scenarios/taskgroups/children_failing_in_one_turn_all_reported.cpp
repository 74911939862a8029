// Children that fail in the same loop turn are all in the group, in the order they failed:
// the group's abort runs from the done callbacks, after every step of that turn; a sibling
// still sleeping is cancelled.
#include "conformance.hpp"

namespace children_failing_in_one_turn_all_reported {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> failing(std::string name) {
    trace(name, "raises at", elapsed());
    throw asyncio::ValueError(name);
    co_return;
}

Coro<> sleeper() {
    try {
        co_await asyncio::sleep(5s);
    } catch (const asyncio::CancelledError&) {
        trace("sleeper cancelled at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) {
            tg.create_task(failing("a"));
            tg.create_task(sleeper());
            tg.create_task(failing("b"));
            tg.create_task(failing("c"));
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace children_failing_in_one_turn_all_reported
