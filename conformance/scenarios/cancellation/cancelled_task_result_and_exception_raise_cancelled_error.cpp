// Once a task ends cancelled, done() and cancelled() are True, and reading its outcome
// raises CancelledError with the message, through result() as through exception().
#include "conformance.hpp"

namespace cancelled_task_result_and_exception_raise_cancelled_error {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> sleeper() { co_await asyncio::sleep(10s); }

Coro<> scenario() {
    auto a = asyncio::create_task(sleeper());
    auto b = asyncio::create_task(sleeper());
    co_await asyncio::sleep(1s);
    a.cancel("gone a");
    b.cancel("gone b");
    co_await asyncio::sleep(0s);
    trace("done() =", a.done(), "cancelled() =", a.cancelled());
    try {
        a.result();
    } catch (const asyncio::CancelledError&) {
        trace("a.result() raised", describe(std::current_exception()));
    }
    try {
        b.exception();
    } catch (const asyncio::CancelledError&) {
        trace("b.exception() raised", describe(std::current_exception()));
    }
}

}  // namespace cancelled_task_result_and_exception_raise_cancelled_error
