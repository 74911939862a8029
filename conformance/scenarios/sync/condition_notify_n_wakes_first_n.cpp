// Condition.notify(n) wakes the n tasks that have waited longest, each returning from wait()
// once it has the lock again, one after the other; the rest keep waiting.
#include "conformance.hpp"

namespace condition_notify_n_wakes_first_n {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Condition* cond, std::string name, std::chrono::seconds arrive) {
    co_await asyncio::sleep(arrive);
    auto guard = co_await cond->lock().acquire();
    trace(name, "waits at", elapsed());
    co_await cond->wait();
    trace(name, "woken at", elapsed(), "locked()", cond->lock().locked());
    co_await asyncio::sleep(1s);
}

Coro<> scenario() {
    asyncio::Condition cond;
    std::vector<asyncio::Task<>> tasks;
    tasks.push_back(asyncio::create_task(waiter(&cond, "a", 3s)));
    tasks.push_back(asyncio::create_task(waiter(&cond, "b", 1s)));
    tasks.push_back(asyncio::create_task(waiter(&cond, "c", 2s)));
    tasks.push_back(asyncio::create_task(waiter(&cond, "d", 4s)));
    co_await asyncio::sleep(5s);
    {
        auto guard = co_await cond.lock().acquire();
        cond.notify(2);
        trace("notified 2 at", elapsed());
    }
    co_await asyncio::sleep(5s);
    {
        auto guard = co_await cond.lock().acquire();
        cond.notify();
        trace("notified 1 at", elapsed());
    }
    co_await asyncio::sleep(5s);
    int waiting = 0;
    for (const auto& t : tasks) waiting += t.done() ? 0 : 1;
    trace("still waiting", waiting);
    {
        auto guard = co_await cond.lock().acquire();
        cond.notify(5);
    }
    co_await asyncio::gather(tasks);
    trace("all done at", elapsed());
}

}  // namespace condition_notify_n_wakes_first_n
