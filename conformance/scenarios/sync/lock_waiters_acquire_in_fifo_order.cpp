// Lock is fair: tasks waiting for it get it in the order they started waiting, and one that
// arrives while others wait queues behind them.
#include "conformance.hpp"

namespace lock_waiters_acquire_in_fifo_order {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> user(asyncio::Lock* lock, std::string name, std::chrono::milliseconds arrive,
            std::chrono::milliseconds hold) {
    co_await asyncio::sleep(arrive);
    trace(name, "wants the lock at", elapsed());
    {
        auto guard = co_await lock->acquire();
        trace(name, "holds the lock at", elapsed());
        co_await asyncio::sleep(hold);
    }
    trace(name, "released at", elapsed());
}

Coro<> scenario() {
    asyncio::Lock lock;
    co_await asyncio::gather(user(&lock, "a", 0ms, 3000ms), user(&lock, "b", 2000ms, 1000ms),
                             user(&lock, "c", 1000ms, 1000ms), user(&lock, "d", 2500ms, 1000ms));
    trace("locked()", lock.locked(), "at", elapsed());
}

}  // namespace lock_waiters_acquire_in_fifo_order
