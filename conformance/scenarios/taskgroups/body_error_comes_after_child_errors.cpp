// A body that turns the group's cancellation into an exception of its own: that exception
// joins the group after the children's failures.
#include "conformance.hpp"

namespace body_error_comes_after_child_errors {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> failing() {
    co_await asyncio::sleep(1s);
    trace("child fails at", elapsed());
    throw asyncio::ValueError("child");
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) -> Coro<> {
            tg.create_task(failing());
            try {
                co_await asyncio::sleep(5s);
            } catch (const asyncio::CancelledError&) {
                trace("body cancelled at", elapsed());
                throw asyncio::RuntimeError("body gives up");
            }
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace body_error_comes_after_child_errors
