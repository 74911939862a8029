// gather() without return_exceptions: when one child is cancelled directly, the awaiter of the
// gather gets CancelledError at once; the other children are not cancelled and go on.
#include "conformance.hpp"

namespace cancelled_gather_child_raises_cancelled_error_in_the_awaiter {

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
    asyncio::get_running_loop().call_later(2s, [a]() mutable { a.cancel("a is cancelled"); });
    try {
        co_await asyncio::gather(a, b);
    } catch (const asyncio::CancelledError&) {
        trace("gather raised", describe(std::current_exception()), "at", elapsed());
    }
    trace("main cancelling() =", asyncio::current_task().cancelling());
    std::string value = co_await b;
    trace("b gives", value, "at", elapsed());
}

}  // namespace cancelled_gather_child_raises_cancelled_error_in_the_awaiter
