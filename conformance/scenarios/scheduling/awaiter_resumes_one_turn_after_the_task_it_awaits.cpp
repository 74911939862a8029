// A task awaiting another task is woken through the task's completion, one turn later: a task
// stepping on sleep(0) meanwhile gets a step in between.
#include "conformance.hpp"

namespace awaiter_resumes_one_turn_after_the_task_it_awaits {

using asyncio::Coro;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child() {
    co_await asyncio::sleep(0s);
    trace("child returns");
    co_return "result";
}

Coro<> ticker() {
    for (int i = 0; i < 4; ++i) {
        trace("tick", i);
        co_await asyncio::sleep(0s);
    }
}

Coro<> scenario() {
    auto c = asyncio::create_task(child());
    auto t = asyncio::create_task(ticker());
    std::string value = co_await c;
    trace("main got", value);
    co_await t;
}

}  // namespace awaiter_resumes_one_turn_after_the_task_it_awaits
