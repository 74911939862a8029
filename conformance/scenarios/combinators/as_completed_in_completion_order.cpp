// as_completed() gives the results in the order the tasks finish; a failed task's exception
// comes out of its own await, in its place, and the loop goes on.
#include "conformance.hpp"

namespace as_completed_in_completion_order {

using asyncio::Coro;
using asyncio::Task;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child(std::string name, std::chrono::seconds delay, bool fail = false) {
    co_await asyncio::sleep(delay);
    if (fail) throw asyncio::ValueError(name);
    co_return name;
}

Coro<> scenario() {
    std::vector<Task<std::string>> tasks;
    tasks.push_back(asyncio::create_task(child("a", 3s)));
    tasks.push_back(asyncio::create_task(child("b", 1s)));
    tasks.push_back(asyncio::create_task(child("c", 2s, true)));
    tasks.push_back(asyncio::create_task(child("d", 4s)));
    for (auto next_result : asyncio::as_completed(std::move(tasks))) {
        std::string result;
        try {
            result = co_await next_result;
        } catch (const asyncio::ValueError&) {
            trace("raised", describe(std::current_exception()), "at", elapsed());
            continue;
        }
        trace("got", result, "at", elapsed());
    }
}

}  // namespace as_completed_in_completion_order
