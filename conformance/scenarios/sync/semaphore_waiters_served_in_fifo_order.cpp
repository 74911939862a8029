// Semaphore is fair: with no permit free, waiters get the released permits in the order they
// started waiting; locked() is True while none is free.
#include "conformance.hpp"

namespace semaphore_waiters_served_in_fifo_order {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> user(asyncio::Semaphore* sem, std::string name, std::chrono::milliseconds arrive,
            std::chrono::milliseconds hold) {
    co_await asyncio::sleep(arrive);
    trace(name, "wants a permit at", elapsed(), "locked()", sem->locked());
    auto permit = co_await sem->acquire();
    trace(name, "has a permit at", elapsed());
    co_await asyncio::sleep(hold);
}

Coro<> scenario() {
    asyncio::Semaphore sem(2);
    std::vector<Coro<>> users;
    users.push_back(user(&sem, "a", 0ms, 4000ms));
    users.push_back(user(&sem, "b", 500ms, 2000ms));
    users.push_back(user(&sem, "c", 1000ms, 2000ms));
    users.push_back(user(&sem, "d", 1500ms, 1000ms));
    users.push_back(user(&sem, "e", 3000ms, 1000ms));
    users.push_back(user(&sem, "f", 2000ms, 1000ms));
    co_await asyncio::gather(std::move(users));
    trace("locked() at the end", sem.locked(), "at", elapsed());
}

}  // namespace semaphore_waiters_served_in_fifo_order
