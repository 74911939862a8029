// wait(FIRST_EXCEPTION) returns when a task raises; tasks that finished normally before it
// are in `done` too; the others are left running.
#include "conformance.hpp"

namespace wait_first_exception {

using asyncio::Coro;
using asyncio::Task;
using conformance::describe;
using conformance::elapsed;
using conformance::repr_list;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> child(int delay, bool fail) {
    co_await asyncio::sleep(std::chrono::seconds(delay));
    if (fail) throw asyncio::ValueError("failed after " + std::to_string(delay));
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
    tasks.push_back(asyncio::create_task(child(1, false), "a"));
    tasks.push_back(asyncio::create_task(child(2, true), "b"));
    tasks.push_back(asyncio::create_task(child(3, true), "c"));
    tasks.push_back(asyncio::create_task(child(4, false), "d"));
    auto result = co_await asyncio::wait(tasks, asyncio::FIRST_EXCEPTION);
    trace("returned at", elapsed());
    trace("done", repr_list(names(result.done)));
    trace("pending", repr_list(names(result.pending)));
    auto done = result.done;
    std::sort(done.begin(), done.end(),
              [](const Task<int>& x, const Task<int>& y) { return x.get_name() < y.get_name(); });
    for (const auto& t : done)
        if (t.exception()) trace(t.get_name(), "raised", describe(t.exception()));
    co_await asyncio::wait(result.pending);
    trace("c raised", describe(tasks[2].exception()), "at", elapsed());
}

}  // namespace wait_first_exception
