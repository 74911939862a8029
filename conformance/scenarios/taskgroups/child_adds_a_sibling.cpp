// A child may add tasks to its own group; the group waits for them too.
#include "conformance.hpp"

namespace child_adds_a_sibling {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> grandchild() {
    co_await asyncio::sleep(2s);
    trace("added task done at", elapsed());
}

Coro<> parent(asyncio::TaskGroup tg) {
    co_await asyncio::sleep(1s);
    tg.create_task(grandchild());
    trace("child added a task at", elapsed());
}

Coro<> scenario() {
    co_await asyncio::task_group([](asyncio::TaskGroup tg) { tg.create_task(parent(tg)); });
    trace("group done at", elapsed());
}

}  // namespace child_adds_a_sibling
