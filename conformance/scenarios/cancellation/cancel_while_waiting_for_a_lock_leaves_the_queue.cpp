// A task cancelled while waiting for a Lock leaves the wait queue: when the holder releases,
// the lock goes to the next waiter, not the cancelled one.
#include "conformance.hpp"

namespace cancel_while_waiting_for_a_lock_leaves_the_queue {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> user(asyncio::Lock* lock, std::string name, std::chrono::seconds hold) {
    try {
        auto guard = co_await lock->acquire();
        trace(name, "holds the lock at", elapsed());
        co_await asyncio::sleep(hold);
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled:", describe(std::current_exception()), "locked() =", lock->locked());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Lock lock;
    auto a = asyncio::create_task(user(&lock, "a", 2s));
    auto b = asyncio::create_task(user(&lock, "b", 1s));
    auto c = asyncio::create_task(user(&lock, "c", 1s));
    co_await asyncio::sleep(1s);
    b.cancel("give up");
    co_await asyncio::gather(asyncio::return_exceptions, a, b, c);
    trace("at", elapsed(), "locked() =", lock.locked(), "b cancelled() =", b.cancelled());
}

}  // namespace cancel_while_waiting_for_a_lock_leaves_the_queue
