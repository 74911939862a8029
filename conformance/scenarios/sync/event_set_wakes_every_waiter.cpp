// Event.set() wakes every task waiting on it, in the order they started waiting; is_set()
// stays True, so later waits return at once.
#include "conformance.hpp"

namespace event_set_wakes_every_waiter {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Event* event, std::string name, std::chrono::seconds arrive) {
    co_await asyncio::sleep(arrive);
    trace(name, "waits at", elapsed());
    co_await event->wait();
    trace(name, "woken at", elapsed());
}

Coro<> scenario() {
    asyncio::Event event;
    auto a = asyncio::create_task(waiter(&event, "a", 2s));
    auto b = asyncio::create_task(waiter(&event, "b", 1s));
    auto c = asyncio::create_task(waiter(&event, "c", 3s));
    co_await asyncio::sleep(4s);
    trace("is_set() before", event.is_set());
    event.set();
    trace("set at", elapsed());
    co_await asyncio::gather(a, b, c);
    co_await waiter(&event, "late", 1s);
    trace("is_set() after", event.is_set());
}

}  // namespace event_set_wakes_every_waiter
