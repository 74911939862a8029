// gather(return_exceptions=True): a child cancelled directly shows up in the results as a
// CancelledError with its message, in its place; the other children's values are kept.
#include "conformance.hpp"

namespace gather_with_return_exceptions_lists_a_cancelled_child {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child(std::string name, std::chrono::seconds delay) {
    co_await asyncio::sleep(delay);
    co_return name;
}

Coro<> scenario() {
    auto a = asyncio::create_task(child("a", 1s));
    auto b = asyncio::create_task(child("b", 5s));
    auto c = asyncio::create_task(child("c", 3s));
    asyncio::get_running_loop().call_later(2s, [b]() mutable { b.cancel("b dropped"); });
    std::vector<asyncio::Task<std::string>> children{a, b, c};
    auto results = co_await asyncio::gather(asyncio::return_exceptions, children);
    trace("at", elapsed());
    for (const auto& r : results)
        trace(" ", r.has_exception() ? describe(r.exception()) : r.value());
}

}  // namespace gather_with_return_exceptions_lists_a_cancelled_child
