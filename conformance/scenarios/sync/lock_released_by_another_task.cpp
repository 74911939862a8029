// A Lock belongs to no task: one task may release the lock another acquired, and the next
// waiter gets it.
#include "conformance.hpp"

namespace lock_released_by_another_task {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> holder(asyncio::Lock* lock) {
    (co_await lock->acquire()).dismiss();
    trace("holder acquired at", elapsed());
}

Coro<> waiter(asyncio::Lock* lock) {
    auto guard = co_await lock->acquire();
    trace("waiter holds the lock at", elapsed());
}

Coro<> scenario() {
    asyncio::Lock lock;
    co_await asyncio::create_task(holder(&lock));
    trace("holder ended, locked()", lock.locked());
    auto w = asyncio::create_task(waiter(&lock));
    co_await asyncio::sleep(1s);
    lock.release();
    trace("main released at", elapsed());
    co_await w;
    trace("locked()", lock.locked());
}

}  // namespace lock_released_by_another_task
