// A task cancelled in Event.wait() gets CancelledError there; the event is untouched, and a
// later set() wakes only the waiters still waiting.
#include "conformance.hpp"

namespace cancel_while_waiting_on_an_event {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Event* event, std::string name) {
    try {
        co_await event->wait();
        trace(name, "woke at", elapsed());
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    asyncio::Event event;
    auto a = asyncio::create_task(waiter(&event, "a"));
    auto b = asyncio::create_task(waiter(&event, "b"));
    co_await asyncio::sleep(1s);
    a.cancel("stop a");
    co_await asyncio::sleep(1s);
    trace("is_set() =", event.is_set());
    event.set();
    co_await asyncio::gather(asyncio::return_exceptions, a, b);
    trace("a cancelled() =", a.cancelled(), "b cancelled() =", b.cancelled());
}

}  // namespace cancel_while_waiting_on_an_event
