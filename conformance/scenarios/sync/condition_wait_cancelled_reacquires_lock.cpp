// A task cancelled in Condition.wait() raises CancelledError only once it holds the lock
// again: if another task holds the lock then, it waits for it first.
#include "conformance.hpp"

namespace condition_wait_cancelled_reacquires_lock {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Condition* cond) {
    {
        auto guard = co_await cond->lock().acquire();
        try {
            co_await cond->wait();
        } catch (const asyncio::CancelledError&) {
            trace("waiter raised", describe(std::current_exception()), "at", elapsed(), "locked()",
                  cond->lock().locked());
            throw;
        }
    }
    trace("never here");
}

Coro<> holder(asyncio::Condition* cond) {
    auto guard = co_await cond->lock().acquire();
    trace("holder takes the lock at", elapsed());
    co_await asyncio::sleep(3s);
    trace("holder releases at", elapsed());
}

Coro<> scenario() {
    asyncio::Condition cond;
    auto w = asyncio::create_task(waiter(&cond));
    co_await asyncio::sleep(1s);
    auto h = asyncio::create_task(holder(&cond));
    co_await asyncio::sleep(1s);
    w.cancel();
    trace("cancelled waiter at", elapsed());
    co_await asyncio::gather(asyncio::return_exceptions, w, h);
    trace("waiter cancelled()", w.cancelled(), "locked()", cond.lock().locked());
}

}  // namespace condition_wait_cancelled_reacquires_lock
