// Cancelling the task that awaits gather() cancels every child still running (a finished
// one keeps its result); the awaiter then raises CancelledError.
#include "conformance.hpp"

namespace gather_cancelled_awaiter_cancels_children {

using asyncio::Coro;
using asyncio::Task;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child(std::string name, std::chrono::seconds delay) {
    try {
        co_await asyncio::sleep(delay);
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled at", elapsed());
        throw;
    }
    trace(name, "finishes at", elapsed());
    co_return name;
}

Coro<> parent(std::vector<Task<std::string>> tasks) {
    try {
        co_await asyncio::gather(std::move(tasks));
    } catch (const asyncio::CancelledError&) {
        trace("parent caught", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    std::vector<Task<std::string>> tasks;
    tasks.push_back(asyncio::create_task(child("a", 1s)));
    tasks.push_back(asyncio::create_task(child("b", 5s)));
    tasks.push_back(asyncio::create_task(child("c", 6s)));
    auto p = asyncio::create_task(parent(tasks));
    co_await asyncio::sleep(2s);
    trace("cancel returns", p.cancel());
    try {
        co_await p;
    } catch (const asyncio::CancelledError&) {
        trace("parent task cancelled", p.cancelled());
    }
    const char* names[] = {"a", "b", "c"};
    for (std::size_t i = 0; i < tasks.size(); ++i)
        trace(names[i], "cancelled()", tasks[i].cancelled());
}

}  // namespace gather_cancelled_awaiter_cancels_children
