// An exception raised by the body cancels the children; once they have finished, the group
// raises an ExceptionGroup holding the body's exception alone.
#include "conformance.hpp"

namespace body_error_cancels_children {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::string name, std::chrono::milliseconds delay) {
    try {
        co_await asyncio::sleep(delay);
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled at", elapsed());
        throw;
    }
    trace(name, "finishes at", elapsed());
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) -> Coro<> {
            tg.create_task(child("short", 500ms));
            tg.create_task(child("long", 3000ms));
            co_await asyncio::sleep(1s);
            trace("body raises at", elapsed());
            throw asyncio::ValueError("from the body");
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace body_error_cancels_children
