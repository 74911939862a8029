// Condition.notify_all() wakes every waiter; they return from wait() one at a time, in the
// order they waited, each holding the lock, after the notifier has released it.
#include "conformance.hpp"

namespace condition_notify_all_wakes_everyone_in_turn {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Condition* cond, std::string name) {
    auto guard = co_await cond->lock().acquire();
    co_await cond->wait();
    trace(name, "has the lock at", elapsed());
    co_await asyncio::sleep(1s);
    trace(name, "releases at", elapsed());
}

Coro<> scenario() {
    asyncio::Condition cond;
    std::vector<asyncio::Task<>> tasks;
    for (const char* name : {"a", "b", "c"}) {
        tasks.push_back(asyncio::create_task(waiter(&cond, name)));
        co_await asyncio::sleep(500ms);
    }
    {
        auto guard = co_await cond.lock().acquire();
        cond.notify_all();
        trace("notified all at", elapsed());
        co_await asyncio::sleep(2s);
        trace("notifier releases at", elapsed());
    }
    co_await asyncio::gather(tasks);
}

}  // namespace condition_notify_all_wakes_everyone_in_turn
