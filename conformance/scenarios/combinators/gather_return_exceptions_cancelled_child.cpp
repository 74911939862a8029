// With return_exceptions=True a child cancelled from outside is one more outcome: a
// CancelledError in its place, and the gather waits for the others.
#include "conformance.hpp"

namespace gather_return_exceptions_cancelled_child {

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
    auto a = asyncio::create_task(child("a", 5s));
    auto b = asyncio::create_task(child("b", 3s));
    asyncio::get_running_loop().call_later(1s, [a]() mutable { a.cancel(); });
    auto [oa, ob] = co_await asyncio::gather(asyncio::return_exceptions, a, b);
    trace("gather returned at", elapsed());
    trace("a:", describe(oa.exception()));
    trace("b:", ob.value());
}

}  // namespace gather_return_exceptions_cancelled_child
