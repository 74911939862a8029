// wait(FIRST_COMPLETED) returns as soon as one task is done: that one in `done`, the rest in
// `pending`, still running (wait cancels nothing).
#include "conformance.hpp"

namespace wait_first_completed {

using asyncio::Coro;
using asyncio::Task;
using conformance::elapsed;
using conformance::repr_list;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> child(int delay) {
    co_await asyncio::sleep(std::chrono::seconds(delay));
    co_return delay;
}

std::vector<std::string> names(const std::vector<Task<int>>& tasks) {
    std::vector<std::string> out;
    for (const auto& t : tasks) out.push_back(t.get_name());
    std::sort(out.begin(), out.end());
    return out;
}

Coro<> scenario() {
    std::vector<Task<int>> tasks;
    tasks.push_back(asyncio::create_task(child(3), "a"));
    tasks.push_back(asyncio::create_task(child(1), "b"));
    tasks.push_back(asyncio::create_task(child(2), "c"));
    auto first = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED);
    trace("returned at", elapsed());
    trace("done", repr_list(names(first.done)));
    trace("pending", repr_list(names(first.pending)));
    bool any_cancelled = false;
    for (const auto& t : first.pending) any_cancelled = any_cancelled || t.cancelled();
    trace("pending cancelled", any_cancelled);
    auto all = co_await asyncio::wait(tasks);
    trace("all done at", elapsed(), "done", all.done.size(), "pending", all.pending.size());
}

}  // namespace wait_first_completed
