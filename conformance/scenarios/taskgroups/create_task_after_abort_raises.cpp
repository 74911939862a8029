// Once a child has failed the group is shutting down: create_task raises RuntimeError and the
// coroutine never runs (the other children are already cancelled).
#include "conformance.hpp"

namespace create_task_after_abort_raises {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> never(std::string name) {
    trace(name, "runs (not expected)");
    co_return;
}

Coro<> failing() {
    co_await asyncio::sleep(1s);
    throw asyncio::ValueError("boom");
}

Coro<> adder(asyncio::TaskGroup tg) {
    try {
        co_await asyncio::sleep(5s);
    } catch (const asyncio::CancelledError&) {
        trace("adder cancelled at", elapsed());
        try {
            tg.create_task(never("late"));
        } catch (const asyncio::RuntimeError&) {
            trace("create_task raised", kind(std::current_exception()));
        }
        throw;
    }
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) {
            tg.create_task(failing());
            tg.create_task(adder(tg));
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
    co_await asyncio::sleep(1s);
    trace("done at", elapsed());
}

}  // namespace create_task_after_abort_raises
