// A Lock acquire given up by a timeout raises TimeoutError and leaves the queue: the lock
// later goes to the next waiter, and the one that gave up never gets it.
#include "conformance.hpp"

namespace lock_acquire_timed_out_leaves_queue {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> impatient(asyncio::Lock* lock) {
    try {
        co_await asyncio::timeout(
            1s, [lock](asyncio::Timeout) -> Coro<> { (co_await lock->acquire()).dismiss(); });
    } catch (const asyncio::TimeoutError&) {
        trace("impatient raised", describe(std::current_exception()), "at", elapsed());
        co_return;
    }
    trace("impatient got the lock");
}

Coro<> patient(asyncio::Lock* lock) {
    auto guard = co_await lock->acquire();
    trace("patient holds the lock at", elapsed());
}

Coro<> scenario() {
    asyncio::Lock lock;
    (co_await lock.acquire()).dismiss();
    auto i = asyncio::create_task(impatient(&lock));
    auto p = asyncio::create_task(patient(&lock));
    co_await asyncio::sleep(2s);
    lock.release();
    co_await asyncio::gather(i, p);
    trace("locked()", lock.locked(), "at", elapsed());
}

}  // namespace lock_acquire_timed_out_leaves_queue
