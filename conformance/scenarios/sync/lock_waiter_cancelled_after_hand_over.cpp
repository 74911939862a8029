// A Lock waiter cancelled after release() has woken it, before it runs: CPython raises
// CancelledError at its acquire and the lock goes to the next waiter; the library keeps the
// hand-over (the acquire returns, the cancellation comes at the waiter's next suspension).
#include "conformance.hpp"

namespace lock_waiter_cancelled_after_hand_over {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> user(asyncio::Lock* lock, std::string name) {
    try {
        auto guard = co_await lock->acquire();
        trace(name, "holds the lock at", elapsed());
        co_await asyncio::sleep(1s);
        trace(name, "releases at", elapsed());
    } catch (const asyncio::CancelledError&) {
        trace(name, "raised", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Lock lock;
    (co_await lock.acquire()).dismiss();
    auto w = asyncio::create_task(user(&lock, "w"));
    auto x = asyncio::create_task(user(&lock, "x"));
    co_await asyncio::sleep(1s);
    lock.release();
    w.cancel("late");
    co_await asyncio::gather(asyncio::return_exceptions, w, x);
    trace("w cancelled()", w.cancelled(), "locked()", lock.locked(), "at", elapsed());
}

}  // namespace lock_waiter_cancelled_after_hand_over
