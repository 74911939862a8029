// A cancel() made from a loop callback (call_later) reaches a sleeping task like any other:
// the sleep raises CancelledError at the callback's time.
#include "conformance.hpp"

namespace cancel_from_a_callback_reaches_the_sleeping_task {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> sleeper() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("sleeper caught", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::EventLoop& loop = asyncio::get_running_loop();
    auto task = asyncio::create_task(sleeper());
    loop.call_later(2500ms, [task]() mutable { task.cancel("timer says stop"); });
    co_await asyncio::gather(asyncio::return_exceptions, task);
    trace("cancelled() =", task.cancelled(), "at", elapsed());
}

}  // namespace cancel_from_a_callback_reaches_the_sleeping_task
