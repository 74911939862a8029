// An Event wait given up by a timeout raises TimeoutError and leaves no waiter behind; a
// later set() still wakes the tasks waiting then.
#include "conformance.hpp"

namespace event_wait_under_timeout {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Event* event, std::string name) {
    co_await event->wait();
    trace(name, "woken at", elapsed());
}

Coro<> scenario() {
    asyncio::Event event;
    try {
        co_await asyncio::timeout(1s, [&](asyncio::Timeout) -> Coro<> { co_await event.wait(); });
    } catch (const asyncio::TimeoutError&) {
        trace("wait raised", describe(std::current_exception()), "at", elapsed());
    }
    auto task = asyncio::create_task(waiter(&event, "w"));
    co_await asyncio::sleep(1s);
    event.set();
    co_await task;
    trace("is_set()", event.is_set());
}

}  // namespace event_wait_under_timeout
