// Lock.locked(): True while held; release() with a waiter wakes it, and a newcomer that tries
// acquire() before the woken waiter runs must still wait behind it.
#include "conformance.hpp"

namespace lock_stays_locked_while_handed_over {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Lock* lock, std::string name) {
    auto guard = co_await lock->acquire();
    trace(name, "holds the lock at", elapsed());
    co_await asyncio::sleep(1s);
}

Coro<> scenario() {
    asyncio::Lock lock;
    trace("locked() at start", lock.locked());
    (co_await lock.acquire()).dismiss();
    trace("locked() once held", lock.locked());
    auto w = asyncio::create_task(waiter(&lock, "waiter"));
    co_await asyncio::sleep(1s);
    lock.release();
    trace("locked() right after release", lock.locked());
    auto n = asyncio::create_task(waiter(&lock, "newcomer"));
    co_await asyncio::gather(w, n);
    trace("locked() at the end", lock.locked(), "at", elapsed());
}

}  // namespace lock_stays_locked_while_handed_over
