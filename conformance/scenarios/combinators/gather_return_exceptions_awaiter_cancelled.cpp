// return_exceptions=True does not turn a cancellation of the gather's awaiter into a result:
// the children are cancelled and the awaiter raises CancelledError.
#include "conformance.hpp"

namespace gather_return_exceptions_awaiter_cancelled {

using asyncio::Coro;
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
    co_return name;
}

Coro<> parent() {
    try {
        co_await asyncio::gather(asyncio::return_exceptions, child("a", 5s), child("b", 6s));
    } catch (const asyncio::CancelledError&) {
        trace("parent caught", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    auto p = asyncio::create_task(parent());
    co_await asyncio::sleep(1s);
    p.cancel();
    co_await asyncio::gather(asyncio::return_exceptions, p);
    trace("parent cancelled()", p.cancelled());
}

}  // namespace gather_return_exceptions_awaiter_cancelled
