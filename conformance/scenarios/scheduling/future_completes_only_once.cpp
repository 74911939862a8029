// A future completes once: after set_exception(), set_result() and a second set_exception()
// raise InvalidStateError and cancel() returns False; its awaiter gets the exception, and
// exception() returns it; a pending future's result() is an InvalidStateError.
#include "conformance.hpp"

namespace future_completes_only_once {

using asyncio::Coro;
using conformance::describe;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> waiter(asyncio::Future<int> fut) {
    try {
        co_await fut;
    } catch (const asyncio::ValueError&) {
        trace("waiter got", describe(std::current_exception()));
    }
}

Coro<> scenario() {
    asyncio::Future<int> fut;
    try {
        fut.result();
    } catch (const asyncio::InvalidStateError&) {
        trace("pending result() raised", kind(std::current_exception()));
    }
    auto task = asyncio::create_task(waiter(fut));
    co_await asyncio::sleep(0s);
    fut.set_exception(std::make_exception_ptr(asyncio::ValueError("first outcome")));
    try {
        fut.set_result(1);
    } catch (const asyncio::InvalidStateError&) {
        trace("set_result", "raised", kind(std::current_exception()));
    }
    try {
        fut.set_exception(std::make_exception_ptr(asyncio::ValueError("second")));
    } catch (const asyncio::InvalidStateError&) {
        trace("set_exception", "raised", kind(std::current_exception()));
    }
    bool accepted = fut.cancel();
    trace("cancel returns", accepted, "cancelled() =", fut.cancelled());
    co_await task;
    trace("exception() is", describe(fut.exception()));
}

}  // namespace future_completes_only_once
