// result() and exception() of a pending task raise InvalidStateError; once done, result()
// gives the value (or raises the task's exception) and exception() gives it (or None).
#include "conformance.hpp"

namespace task_result_and_exception_before_and_after_done {

using asyncio::Coro;
using conformance::describe;
using conformance::kind;
using conformance::trace;
using namespace std::chrono_literals;

Coro<int> value() {
    co_await asyncio::sleep(1s);
    co_return 5;
}

Coro<int> failure() {
    co_await asyncio::sleep(1s);
    throw asyncio::ValueError("bad input");
}

Coro<> scenario() {
    auto good = asyncio::create_task(value());
    auto bad = asyncio::create_task(failure());
    try {
        good.result();
    } catch (const asyncio::InvalidStateError&) {
        trace("pending", "result", "raised", kind(std::current_exception()));
    }
    try {
        good.exception();
    } catch (const asyncio::InvalidStateError&) {
        trace("pending", "exception", "raised", kind(std::current_exception()));
    }
    co_await asyncio::sleep(2s);
    trace("good result:", good.result(), "exception is None:", !good.exception());
    trace("bad exception:", describe(bad.exception()));
    try {
        bad.result();
    } catch (const asyncio::ValueError&) {
        trace("bad result raised", describe(std::current_exception()));
    }
}

}  // namespace task_result_and_exception_before_and_after_done
