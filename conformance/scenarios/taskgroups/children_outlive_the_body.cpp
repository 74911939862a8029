// The body may finish first: the group waits for every child, which keep running normally,
// and returns once the last one is done.
#include "conformance.hpp"

namespace children_outlive_the_body {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::string name, std::chrono::seconds delay) {
    co_await asyncio::sleep(delay);
    trace(name, "done at", elapsed());
}

Coro<> scenario() {
    co_await asyncio::task_group([](asyncio::TaskGroup tg) -> Coro<> {
        tg.create_task(child("b", 3s));
        tg.create_task(child("a", 2s));
        co_await asyncio::sleep(1s);
        trace("body done at", elapsed());
    });
    trace("group done at", elapsed());
}

}  // namespace children_outlive_the_body
