// A Semaphore waiter cancelled after release() has handed it the permit, before it runs:
// CPython raises CancelledError at its acquire and passes the permit on to the next waiter;
// the library keeps the hand-over (the acquire returns, the cancellation comes at the
// waiter's next suspension, and the permit goes on when it unwinds).
#include "conformance.hpp"

namespace semaphore_waiter_cancelled_after_hand_over {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> user(asyncio::Semaphore* sem, std::string name) {
    try {
        auto permit = co_await sem->acquire();
        trace(name, "has a permit at", elapsed());
        co_await asyncio::sleep(1s);
        trace(name, "returns it at", elapsed());
    } catch (const asyncio::CancelledError&) {
        trace(name, "raised", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Semaphore sem(1);
    (co_await sem.acquire()).dismiss();
    auto w = asyncio::create_task(user(&sem, "w"));
    auto x = asyncio::create_task(user(&sem, "x"));
    co_await asyncio::sleep(1s);
    sem.release();
    w.cancel();
    co_await asyncio::gather(asyncio::return_exceptions, w, x);
    trace("w cancelled()", w.cancelled(), "locked()", sem.locked(), "at", elapsed());
}

}  // namespace semaphore_waiter_cancelled_after_hand_over
