// as_completed() takes a set of awaitables: a task given twice is waited for, and yielded,
// once.
#include "conformance.hpp"

namespace as_completed_takes_a_task_given_twice_once {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> after(std::chrono::seconds delay, std::string name) {
    co_await asyncio::sleep(delay);
    co_return name;
}

Coro<> scenario() {
    auto a = asyncio::create_task(after(2s, "a"));
    auto b = asyncio::create_task(after(1s, "b"));
    std::vector<asyncio::Task<std::string>> tasks{a, b, a};
    int count = 0;
    for (auto next_done : asyncio::as_completed(tasks)) {
        trace("got", co_await next_done);
        ++count;
    }
    trace("yielded", count, "times");
}

}  // namespace as_completed_takes_a_task_given_twice_once
