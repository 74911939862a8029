// Without return_exceptions, gather() raises the first child's exception as soon as it
// happens; the other children are not cancelled and run to their end, their results kept
// in their tasks.
#include "conformance.hpp"

namespace gather_first_exception_others_keep_running {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<std::string> child(std::string name, std::chrono::seconds delay, bool fail) {
    co_await asyncio::sleep(delay);
    if (fail) {
        trace(name, "fails at", elapsed());
        throw asyncio::ValueError(name);
    }
    trace(name, "finishes at", elapsed());
    co_return name;
}

Coro<> scenario() {
    auto a = asyncio::create_task(child("a", 1s, true));
    auto b = asyncio::create_task(child("b", 2s, true));
    auto c = asyncio::create_task(child("c", 3s, false));
    try {
        co_await asyncio::gather(a, b, c);
    } catch (const asyncio::ValueError&) {
        trace("gather raised", describe(std::current_exception()), "at", elapsed());
    }
    trace("b done", b.done(), "c done", c.done());
    co_await asyncio::sleep(5s);
    trace("b exception", describe(b.exception()), "c result", c.result(), "cancelled",
          c.cancelled());
}

}  // namespace gather_first_exception_others_keep_running
