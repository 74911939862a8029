// wait(FIRST_COMPLETED) resumes the waiter one loop turn after the first task is done (a done
// callback completes wait's own future, which wakes the waiter on the next turn), so a task
// that finishes in that turn is in `done` too; a task given twice is listed once.
#include <algorithm>

#include "conformance.hpp"

namespace wait_first_completed_resumes_a_turn_later {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> finish_after(int turns, std::string name) {
    for (int i = 0; i < turns; ++i) co_await asyncio::sleep(0s);
    trace(name, "finishes");
    co_return name;
}

std::vector<std::string> sorted_names(const std::vector<asyncio::Task<std::string>>& tasks) {
    std::vector<std::string> names;
    for (const auto& task : tasks) names.push_back(task.get_name());
    std::sort(names.begin(), names.end());
    return names;
}

Coro<> scenario() {
    auto a = asyncio::create_task(finish_after(1, "a"), "a");
    auto b = asyncio::create_task(finish_after(2, "b"), "b");
    auto c = asyncio::create_task(finish_after(4, "c"), "c");
    std::vector<asyncio::Task<std::string>> tasks{b, a, c, a};
    auto [done, pending] = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED);
    trace("done", conformance::repr_list(sorted_names(done)));
    trace("pending", conformance::repr_list(sorted_names(pending)));
    co_await c;
}

}  // namespace wait_first_completed_resumes_a_turn_later
