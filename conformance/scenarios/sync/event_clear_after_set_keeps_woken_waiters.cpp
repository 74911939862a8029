// clear() right after set(), before the woken waiters run, does not put them back to sleep:
// they were woken by the set. A wait that starts after the clear blocks until the next set.
#include "conformance.hpp"

namespace event_clear_after_set_keeps_woken_waiters {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Event* event, std::string name) {
    co_await event->wait();
    trace(name, "woken at", elapsed(), "is_set()", event->is_set());
}

Coro<> scenario() {
    asyncio::Event event;
    auto a = asyncio::create_task(waiter(&event, "a"));
    auto b = asyncio::create_task(waiter(&event, "b"));
    co_await asyncio::sleep(1s);
    event.set();
    event.clear();
    trace("set and cleared at", elapsed());
    co_await asyncio::gather(a, b);
    auto c = asyncio::create_task(waiter(&event, "c"));
    co_await asyncio::sleep(2s);
    trace("c done", c.done(), "setting at", elapsed());
    event.set();
    co_await c;
}

}  // namespace event_clear_after_set_keeps_woken_waiters
