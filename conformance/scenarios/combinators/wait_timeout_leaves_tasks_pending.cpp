// wait() with a timeout: when it passes first, wait returns (no TimeoutError) with the
// unfinished tasks in `pending`; they are not cancelled and finish later.
#include "conformance.hpp"

namespace wait_timeout_leaves_tasks_pending {

using asyncio::Coro;
using asyncio::Task;
using conformance::elapsed;
using conformance::repr_list;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child(std::string name, std::chrono::seconds delay) {
    co_await asyncio::sleep(delay);
    trace(name, "finishes at", elapsed());
    co_return name;
}

std::vector<std::string> names(const std::vector<Task<std::string>>& tasks) {
    std::vector<std::string> out;
    for (const auto& t : tasks) out.push_back(t.get_name());
    std::sort(out.begin(), out.end());
    return out;
}

Coro<> scenario() {
    std::vector<Task<std::string>> tasks;
    tasks.push_back(asyncio::create_task(child("a", 1s), "a"));
    tasks.push_back(asyncio::create_task(child("b", 4s), "b"));
    tasks.push_back(asyncio::create_task(child("c", 6s), "c"));
    auto first = co_await asyncio::wait(tasks, asyncio::ALL_COMPLETED, 2500ms);
    trace("returned at", elapsed());
    trace("done", repr_list(names(first.done)));
    trace("pending", repr_list(names(first.pending)));
    auto second = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED, 10s);
    trace("second wait at", elapsed(), "done", second.done.size(), "pending",
          second.pending.size());
    auto third = co_await asyncio::wait(tasks, asyncio::ALL_COMPLETED, 10s);
    trace("third wait at", elapsed(), "done", third.done.size(), "pending", third.pending.size());
}

}  // namespace wait_timeout_leaves_tasks_pending
