// A child of gather() cancelled from outside (not through the gather): the gather raises
// CancelledError, with the child's message, to its awaiter, which itself was not cancelled;
// the other children keep running.
#include "conformance.hpp"

namespace gather_child_cancelled_raises_cancelled {

using asyncio::Coro;
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
    auto a = asyncio::create_task(child("a", 5s));
    auto b = asyncio::create_task(child("b", 3s));
    asyncio::get_running_loop().call_later(1s, [a]() mutable { a.cancel("from outside"); });
    try {
        co_await asyncio::gather(a, b);
    } catch (const asyncio::CancelledError&) {
        trace("gather raised", describe(std::current_exception()), "at", elapsed());
    }
    trace("main cancelling()", asyncio::current_task().cancelling());
    std::string result = co_await b;
    trace("b result", result, "at", elapsed());
}

}  // namespace gather_child_cancelled_raises_cancelled
