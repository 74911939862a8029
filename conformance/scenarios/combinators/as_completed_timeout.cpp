// as_completed(timeout=t): results that come before the deadline are given; from the deadline
// on every remaining await raises TimeoutError, and the unfinished tasks are not cancelled.
#include "conformance.hpp"

namespace as_completed_timeout {

using asyncio::Coro;
using asyncio::Task;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child(std::string name, std::chrono::seconds delay) {
    co_await asyncio::sleep(delay);
    trace(name, "finishes at", elapsed());
    co_return name;
}

Coro<> scenario() {
    std::vector<Task<std::string>> tasks;
    tasks.push_back(asyncio::create_task(child("a", 1s)));
    tasks.push_back(asyncio::create_task(child("b", 5s)));
    tasks.push_back(asyncio::create_task(child("c", 6s)));
    for (auto next_result : asyncio::as_completed(tasks, 2s)) {
        try {
            std::string result = co_await next_result;
            trace("got", result, "at", elapsed());
        } catch (const asyncio::TimeoutError&) {
            trace("await raised", describe(std::current_exception()), "at", elapsed());
        }
    }
    int cancelled = 0;
    for (const auto& t : tasks) cancelled += t.cancelled() ? 1 : 0;
    trace("cancelled", cancelled);
    co_await asyncio::gather(tasks);
    trace("all finished at", elapsed());
}

}  // namespace as_completed_timeout
