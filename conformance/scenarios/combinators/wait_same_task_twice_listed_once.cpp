// wait() given the same task twice lists it once (Python takes a set of the tasks).
#include "conformance.hpp"

namespace wait_same_task_twice_listed_once {

using asyncio::Coro;
using conformance::elapsed;
using conformance::trace;

Coro<int> child(int delay) {
    co_await asyncio::sleep(std::chrono::seconds(delay));
    co_return delay;
}

Coro<> scenario() {
    auto a = asyncio::create_task(child(1));
    auto b = asyncio::create_task(child(2));
    std::vector<asyncio::Task<int>> first_list{a, b, a};
    auto first = co_await asyncio::wait(first_list, asyncio::FIRST_COMPLETED);
    trace("first: done", first.done.size(), "pending", first.pending.size(), "at", elapsed());
    std::vector<asyncio::Task<int>> all_list{a, a, b, b};
    auto all = co_await asyncio::wait(all_list);
    trace("all: done", all.done.size(), "pending", all.pending.size(), "at", elapsed());
}

}  // namespace wait_same_task_twice_listed_once
