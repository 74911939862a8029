// wait(FIRST_COMPLETED) resumes its caller one loop turn after the first task is done, so a
// task that finishes in that turn (here one that was awaiting the first) is in `done` too.
#include "conformance.hpp"

namespace wait_done_includes_tasks_finishing_in_the_same_turn {

using asyncio::Coro;
using asyncio::Task;
using conformance::elapsed;
using conformance::repr_list;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> first() {
    co_await asyncio::sleep(1s);
    co_return "first";
}

Coro<std::string> follower(Task<std::string> task) {
    std::string value = co_await task;
    co_return "after " + value;
}

Coro<std::string> idle() {
    co_await asyncio::sleep(5s);
    co_return "";
}

std::vector<std::string> names(const std::vector<Task<std::string>>& tasks) {
    std::vector<std::string> out;
    for (const auto& t : tasks) out.push_back(t.get_name());
    std::sort(out.begin(), out.end());
    return out;
}

Coro<> scenario() {
    auto a = asyncio::create_task(first(), "a");
    auto b = asyncio::create_task(follower(a), "b");
    auto c = asyncio::create_task(idle(), "c");
    std::vector<Task<std::string>> tasks{a, b, c};
    auto result = co_await asyncio::wait(tasks, asyncio::FIRST_COMPLETED);
    trace("returned at", elapsed());
    trace("done", repr_list(names(result.done)));
    trace("pending", repr_list(names(result.pending)));
    c.cancel();
}

}  // namespace wait_done_includes_tasks_finishing_in_the_same_turn
