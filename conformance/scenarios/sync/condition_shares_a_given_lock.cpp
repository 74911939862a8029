// Condition(lock) works on the lock it is given: holding the lock is holding the condition,
// and wait() releases that lock for others meanwhile.
#include "conformance.hpp"

namespace condition_shares_a_given_lock {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Condition* cond) {
    auto guard = co_await cond->lock().acquire();
    trace("waiter waits at", elapsed());
    co_await cond->wait();
    trace("waiter woken at", elapsed());
}

Coro<> scenario() {
    asyncio::Lock lock;
    asyncio::Condition cond(lock);
    auto w = asyncio::create_task(waiter(&cond));
    co_await asyncio::sleep(1s);
    trace("lock.locked() while the waiter waits", lock.locked());
    {
        auto guard = co_await lock.acquire();
        trace("cond.locked() with the lock held", cond.lock().locked());
        cond.notify();
        co_await asyncio::sleep(1s);
    }
    co_await w;
    trace("lock.locked() at the end", lock.locked());
}

}  // namespace condition_shares_a_given_lock
