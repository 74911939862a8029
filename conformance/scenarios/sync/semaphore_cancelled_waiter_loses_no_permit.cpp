// A task cancelled while waiting for a Semaphore takes no permit and loses none: the permits
// released later go to the other waiters, in order.
#include "conformance.hpp"

namespace semaphore_cancelled_waiter_loses_no_permit {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> user(asyncio::Semaphore* sem, std::string name) {
    try {
        auto permit = co_await sem->acquire();
        trace(name, "has a permit at", elapsed());
        co_await asyncio::sleep(1s);
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Semaphore sem(1);
    (co_await sem.acquire()).dismiss();
    std::vector<asyncio::Task<>> tasks;
    for (const char* name : {"a", "b", "c"})
        tasks.push_back(asyncio::create_task(user(&sem, name)));
    co_await asyncio::sleep(1s);
    tasks[0].cancel();
    co_await asyncio::sleep(1s);
    sem.release();
    trace("released at", elapsed());
    co_await asyncio::gather(asyncio::return_exceptions, tasks);
    trace("locked() at the end", sem.locked(), "at", elapsed());
    (co_await sem.acquire()).dismiss();
    trace("one permit left, acquired at", elapsed(), "locked()", sem.locked());
}

}  // namespace semaphore_cancelled_waiter_loses_no_permit
