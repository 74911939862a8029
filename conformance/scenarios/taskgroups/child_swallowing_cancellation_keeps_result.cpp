// A child that catches its cancellation and returns ends with a result, not cancelled; the
// group still raises the failure that started the abort, and the result can be read after.
#include "conformance.hpp"

namespace child_swallowing_cancellation_keeps_result {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> stubborn() {
    try {
        co_await asyncio::sleep(5s);
    } catch (const asyncio::CancelledError&) {
        trace("stubborn cancelled at", elapsed(), "and returns");
        co_return "kept";
    }
    co_return "normal";
}

Coro<> failing() {
    co_await asyncio::sleep(1s);
    throw asyncio::ValueError("boom");
}

Coro<> scenario() {
    asyncio::Task<std::string> t;
    try {
        co_await asyncio::task_group([&](asyncio::TaskGroup tg) {
            t = tg.create_task(stubborn());
            tg.create_task(failing());
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
    trace("stubborn cancelled():", t.cancelled(), "result:", t.result());
}

}  // namespace child_swallowing_cancellation_keeps_result
