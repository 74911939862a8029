// A task cancelled while waiting on an Event raises CancelledError and leaves; set() later
// wakes the others.
#include "conformance.hpp"

namespace event_cancelled_waiter_others_still_woken {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::repr_list;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Event* event, std::string name) {
    try {
        co_await event->wait();
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
    trace(name, "woken at", elapsed());
}

Coro<> scenario() {
    asyncio::Event event;
    std::vector<asyncio::Task<>> tasks;
    for (const char* name : {"a", "b", "c"})
        tasks.push_back(asyncio::create_task(waiter(&event, name)));
    co_await asyncio::sleep(1s);
    tasks[1].cancel();
    co_await asyncio::sleep(1s);
    event.set();
    auto results = co_await asyncio::gather(asyncio::return_exceptions, tasks);
    std::vector<std::string> kinds;
    for (const auto& r : results)
        kinds.push_back(r.has_exception() ? kind(r.exception()) : "NoneType");
    trace("outcomes", repr_list(kinds));
}

}  // namespace event_cancelled_waiter_others_still_woken
