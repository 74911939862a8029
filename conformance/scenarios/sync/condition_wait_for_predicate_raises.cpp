// An exception raised by the predicate of Condition.wait_for() comes out of wait_for() with
// the lock held (as after any wait); the lock is released by the caller's `async with`.
#include "conformance.hpp"

namespace condition_wait_for_predicate_raises {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

bool predicate(int* checks) {
    ++*checks;
    if (*checks == 2) throw asyncio::ValueError("bad state");
    return false;
}

Coro<> waiter(asyncio::Condition* cond, int* checks) {
    try {
        auto guard = co_await cond->lock().acquire();
        try {
            co_await cond->wait_for([checks] { return predicate(checks); });
        } catch (const asyncio::ValueError&) {
            trace("wait_for raised", describe(std::current_exception()), "at", elapsed(),
                  "locked()", cond->lock().locked());
            throw;
        }
    } catch (const asyncio::ValueError&) {
        trace("after the block: locked()", cond->lock().locked());
    }
}

Coro<> scenario() {
    asyncio::Condition cond;
    int checks = 0;
    auto w = asyncio::create_task(waiter(&cond, &checks));
    co_await asyncio::sleep(1s);
    {
        auto guard = co_await cond.lock().acquire();
        cond.notify();
    }
    co_await w;
    trace("checks", checks);
}

}  // namespace condition_wait_for_predicate_raises
