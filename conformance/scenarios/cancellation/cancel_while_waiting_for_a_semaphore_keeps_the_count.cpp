// A task cancelled while waiting for a Semaphore takes no permit: when the holders release,
// the remaining waiter gets its permit and the count goes back to its start.
#include "conformance.hpp"

namespace cancel_while_waiting_for_a_semaphore_keeps_the_count {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> user(asyncio::Semaphore* sem, std::string name, std::chrono::seconds hold) {
    try {
        auto permit = co_await sem->acquire();
        trace(name, "has a permit at", elapsed());
        co_await asyncio::sleep(hold);
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Semaphore sem(2);
    std::vector<asyncio::Task<>> tasks;
    for (const char* name : {"a", "b", "c", "d"})
        tasks.push_back(asyncio::create_task(user(&sem, name, 2s)));
    co_await asyncio::sleep(1s);
    tasks[2].cancel("skip c");
    co_await asyncio::gather(asyncio::return_exceptions, tasks);
    trace("at", elapsed(), "locked() =", sem.locked());
    auto first = co_await sem.acquire();
    auto second = co_await sem.acquire();
    trace("two permits again, locked() =", sem.locked());
}

}  // namespace cancel_while_waiting_for_a_semaphore_keeps_the_count
