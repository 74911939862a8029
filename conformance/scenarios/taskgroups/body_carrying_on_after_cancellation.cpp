// The body may catch the cancellation a child's failure caused and carry on awaiting; the
// group waits for it, then raises the child's failure, and takes its cancellation back.
#include "conformance.hpp"

namespace body_carrying_on_after_cancellation {

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
            try {
                co_await asyncio::sleep(5s);
            } catch (const asyncio::CancelledError&) {
                trace("body cancelled at", elapsed());
            }
            trace("cancelling() in the body:", asyncio::current_task().cancelling());
            co_await asyncio::sleep(2s);
            trace("body done at", elapsed());
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
    trace("cancelling() after:", asyncio::current_task().cancelling());
    co_await asyncio::sleep(1s);
    trace("the next await completes at", elapsed());
}

}  // namespace body_carrying_on_after_cancellation
