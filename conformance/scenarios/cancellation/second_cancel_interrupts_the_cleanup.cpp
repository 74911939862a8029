// A task cleaning up after a CancelledError is still pending: cancel() again returns True,
// counts a second request, and interrupts the cleanup's own await with the new message.
#include "conformance.hpp"

namespace second_cancel_interrupts_the_cleanup {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> worker() {
    std::exception_ptr first;
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        first = std::current_exception();  // C++ cannot co_await in a catch block
    }
    if (first) {
        trace("cleanup starts after", describe(first), "at", elapsed());
        try {
            co_await asyncio::sleep(5s);
            trace("cleanup finished");
        } catch (const asyncio::CancelledError&) {
            trace("cleanup interrupted by", describe(std::current_exception()), "at", elapsed());
        }
        std::rethrow_exception(first);
    }
}

Coro<> scenario() {
    auto task = asyncio::create_task(worker());
    co_await asyncio::sleep(1s);
    task.cancel("first");
    co_await asyncio::sleep(1s);
    bool done = task.done();
    bool accepted = task.cancel("second");
    trace("done() =", done, "cancel returns", accepted, "cancelling() =", task.cancelling());
    try {
        co_await task;
    } catch (const asyncio::CancelledError&) {
        trace("main caught", describe(std::current_exception()), "at", elapsed());
    }
}

}  // namespace second_cancel_interrupts_the_cleanup
