// The holder releases a Lock (handing it to the first waiter) and that waiter is cancelled
// in the same turn: CPython's waiter raises CancelledError from acquire() and passes the lock
// on to the next waiter (the library hands it the lock, and the cancellation comes at its
// next await, which releases it: a documented deviation).
#include "conformance.hpp"

namespace lock_handed_to_a_waiter_cancelled_before_it_runs {

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
        trace(name, "cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Lock lock;
    (co_await lock.acquire()).dismiss();
    auto b = asyncio::create_task(user(&lock, "b"));
    auto c = asyncio::create_task(user(&lock, "c"));
    co_await asyncio::sleep(1s);
    lock.release();
    b.cancel("too slow");
    co_await asyncio::gather(asyncio::return_exceptions, b, c);
    trace("at", elapsed(), "locked() =", lock.locked(), "b cancelled() =", b.cancelled());
}

}  // namespace lock_handed_to_a_waiter_cancelled_before_it_runs
