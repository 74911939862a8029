// Cancelling the awaiter of gather(return_exceptions=True) whose children catch the
// cancellation and return normally: the gather still raises CancelledError to the awaiter
// (a requested cancellation is never turned into results), once the children have returned.
#include "conformance.hpp"

namespace gather_cancelled_children_swallow_still_raises {

using asyncio::Coro;
using asyncio::Task;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child(std::string name) {
    bool cancelled = false;
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace(name, "swallows the cancellation at", elapsed());
        cancelled = true;
    }
    if (cancelled) {
        co_await asyncio::sleep(1s);
        co_return name + " gave up";
    }
    co_return name;
}

Coro<> parent(std::vector<Task<std::string>> tasks) {
    try {
        co_await asyncio::gather(asyncio::return_exceptions, std::move(tasks));
    } catch (const asyncio::CancelledError&) {
        trace("parent caught", describe(std::current_exception()), "at", elapsed());
        throw;
    }
    trace("parent got results");
}

Coro<> scenario() {
    std::vector<Task<std::string>> tasks;
    tasks.push_back(asyncio::create_task(child("a")));
    tasks.push_back(asyncio::create_task(child("b")));
    auto p = asyncio::create_task(parent(tasks));
    co_await asyncio::sleep(1s);
    p.cancel();
    co_await asyncio::gather(asyncio::return_exceptions, p);
    trace("parent cancelled()", p.cancelled(), "at", elapsed());
    trace("children:", tasks[0].result(), "/", tasks[1].result());
}

}  // namespace gather_cancelled_children_swallow_still_raises
