// A sibling that fails while cleaning up after its cancellation adds its own exception: the
// group holds both failures, in the order they happened.
#include "conformance.hpp"

namespace failure_during_cleanup_joins_the_group {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> failing() {
    co_await asyncio::sleep(1s);
    throw asyncio::ValueError("first");
}

Coro<> messy() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("messy cancelled at", elapsed());
    }
    co_await asyncio::sleep(500ms);
    trace("messy fails at", elapsed());
    throw asyncio::RuntimeError("cleanup failed");
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) {
            tg.create_task(failing());
            tg.create_task(messy());
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace failure_during_cleanup_joins_the_group
