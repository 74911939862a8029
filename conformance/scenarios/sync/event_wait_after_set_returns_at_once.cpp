// Waiting on an Event that is already set returns without giving up control: a task made
// just before does not run in between.
#include "conformance.hpp"

namespace event_wait_after_set_returns_at_once {

using asyncio::Coro;
using conformance::trace;

Coro<> other() {
    trace("other runs");
    co_return;
}

Coro<> scenario() {
    asyncio::Event event;
    event.set();
    auto o = asyncio::create_task(other());
    co_await event.wait();
    trace("wait returned");
    co_await event.wait();
    trace("second wait returned");
    co_await o;
}

}  // namespace event_wait_after_set_returns_at_once
