// CancelledError is not an Exception (a BaseException in Python; neither asyncio::Error nor
// std::exception in C++): a catch-all for errors lets a cancellation through.
#include "conformance.hpp"

namespace except_exception_does_not_catch_cancellation {

using asyncio::Coro;
using conformance::describe;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> careful() {
    try {
        co_await asyncio::sleep(10s);
    } catch (const std::exception&) {
        trace("caught as an error:", describe(std::current_exception()));
    }
    trace("not reached");
}

Coro<> scenario() {
    auto task = asyncio::create_task(careful());
    co_await asyncio::sleep(1s);
    task.cancel("through");
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("main caught", describe(std::current_exception()));
    }
    trace("cancelled() =", task.cancelled());
}

}  // namespace except_exception_does_not_catch_cancellation
