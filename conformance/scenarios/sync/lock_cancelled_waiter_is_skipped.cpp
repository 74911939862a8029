// A task cancelled while waiting for a Lock never gets it and does not hold up the others:
// the lock goes to the next waiter when it is released.
#include "conformance.hpp"

namespace lock_cancelled_waiter_is_skipped {

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
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled:", describe(std::current_exception()), "at", elapsed(), "locked()",
              lock->locked());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Lock lock;
    (co_await lock.acquire()).dismiss();
    auto b = asyncio::create_task(user(&lock, "b"));
    auto c = asyncio::create_task(user(&lock, "c"));
    co_await asyncio::sleep(1s);
    b.cancel("give up");
    co_await asyncio::sleep(1s);
    trace("b done", b.done(), "releasing at", elapsed());
    lock.release();
    co_await c;
    trace("locked()", lock.locked(), "at", elapsed());
}

}  // namespace lock_cancelled_waiter_is_skipped
