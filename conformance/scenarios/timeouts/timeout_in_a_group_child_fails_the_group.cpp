// A timeout inside a task group's child: its TimeoutError is that child's failure, so the
// group cancels the siblings and raises it in an ExceptionGroup.
#include "conformance.hpp"

namespace timeout_in_a_group_child_fails_the_group {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> limited() {
    co_await asyncio::timeout(1s, []() -> Coro<> { co_await asyncio::sleep(10s); });
}

Coro<> sibling() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace("sibling cancelled at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) {
            tg.create_task(limited());
            tg.create_task(sibling());
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace timeout_in_a_group_child_fails_the_group
