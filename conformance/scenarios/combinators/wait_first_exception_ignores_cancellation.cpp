// wait(FIRST_EXCEPTION): a task that is cancelled does not count as raising; with no failure
// it waits for every task, like ALL_COMPLETED.
#include "conformance.hpp"

namespace wait_first_exception_ignores_cancellation {

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

Coro<> scenario() {
    std::vector<Task<int>> tasks;
    tasks.push_back(asyncio::create_task(child(3), "a"));
    tasks.push_back(asyncio::create_task(child(5), "b"));
    tasks.push_back(asyncio::create_task(child(2), "c"));
    Task<int> b = tasks[1];
    asyncio::get_running_loop().call_later(1s, [b]() mutable { b.cancel(); });
    auto result = co_await asyncio::wait(tasks, asyncio::FIRST_EXCEPTION);
    trace("returned at", elapsed());
    std::vector<std::string> done;
    for (const auto& t : result.done) done.push_back(t.get_name());
    std::sort(done.begin(), done.end());
    trace("done", repr_list(done), "pending", result.pending.size());
    trace("b cancelled", b.cancelled());
}

}  // namespace wait_first_exception_ignores_cancellation
