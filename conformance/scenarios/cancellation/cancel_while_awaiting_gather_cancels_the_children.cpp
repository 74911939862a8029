// Cancelling a task that awaits gather() cancels every child that is not done yet (a child
// that already finished keeps its result); the awaiter gets CancelledError.
#include "conformance.hpp"

namespace cancel_while_awaiting_gather_cancels_the_children {

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
        trace(name, "cancelled:", describe(std::current_exception()), "at", elapsed());
        throw;
    }
    trace(name, "finished at", elapsed());
    co_return name;
}

Coro<> awaiter(Task<std::string> a, Task<std::string> b, Task<std::string> c) {
    co_await asyncio::gather(a, b, c);
}

Coro<> scenario() {
    auto a = asyncio::create_task(child("a", 1s));
    auto b = asyncio::create_task(child("b", 5s));
    auto c = asyncio::create_task(child("c", 6s));
    auto w = asyncio::create_task(awaiter(a, b, c));
    co_await asyncio::sleep(2s);
    w.cancel("enough");
    try {
        co_await w;
    } catch (const asyncio::CancelledError&) {
        trace("awaiter raised", describe(std::current_exception()), "at", elapsed());
    }
    trace("a:", a.result(), "b cancelled() =", b.cancelled(), "c cancelled() =", c.cancelled());
}

}  // namespace cancel_while_awaiting_gather_cancels_the_children
