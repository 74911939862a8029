// A task cancelled in Condition.wait() takes the lock back before the CancelledError leaves
// wait(): its handler runs with the lock held, and waits for the lock if someone holds it.
#include "conformance.hpp"

namespace cancel_in_condition_wait_reacquires_the_lock {

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
        trace("waiter caught", describe(std::current_exception()), "at", elapsed(),
              "locked() =", cond->lock().locked());
        throw;
    }
}

Coro<> holder(asyncio::Condition* cond) {
    auto guard = co_await cond->lock().acquire();
    trace("holder takes the lock at", elapsed());
    co_await asyncio::sleep(2s);
    trace("holder releases at", elapsed());
}

Coro<> scenario() {
    asyncio::Condition cond;
    auto w = asyncio::create_task(waiter(&cond));
    co_await asyncio::sleep(1s);
    auto h = asyncio::create_task(holder(&cond));
    co_await asyncio::sleep(0s);
    w.cancel("stop waiting");
    co_await asyncio::gather(asyncio::return_exceptions, w, h);
    trace("at", elapsed(), "locked() =", cond.lock().locked(), "w cancelled() =", w.cancelled());
}

}  // namespace cancel_in_condition_wait_reacquires_the_lock
