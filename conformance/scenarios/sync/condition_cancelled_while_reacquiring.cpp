// A waiter notified and then cancelled while it waits to take the lock back still takes it
// before raising CancelledError; the notifier keeps the lock meanwhile.
#include "conformance.hpp"

namespace condition_cancelled_while_reacquiring {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Condition* cond) {
    auto guard = co_await cond->lock().acquire();
    try {
        co_await cond->wait();
    } catch (const asyncio::CancelledError&) {
        trace("waiter raised", describe(std::current_exception()), "at", elapsed(), "locked()",
              cond->lock().locked());
        throw;
    }
    trace("waiter not cancelled");
}

Coro<> scenario() {
    asyncio::Condition cond;
    auto w = asyncio::create_task(waiter(&cond));
    co_await asyncio::sleep(1s);
    {
        auto guard = co_await cond.lock().acquire();
        cond.notify();
        trace("notified at", elapsed());
        co_await asyncio::sleep(1s);
        w.cancel();
        trace("cancelled the waiter at", elapsed());
        co_await asyncio::sleep(1s);
        trace("notifier releases at", elapsed());
    }
    try {
        co_await w;
    } catch (const asyncio::CancelledError&) {
        trace("waiter task cancelled()", w.cancelled(), "locked()", cond.lock().locked());
    }
}

}  // namespace condition_cancelled_while_reacquiring
