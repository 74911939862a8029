// A child's failure cancels its siblings and the body; the group raises an ExceptionGroup of
// the failures alone (not the cancellations), after every child has finished.
#include "conformance.hpp"

namespace first_failure_cancels_siblings {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::string name, std::chrono::milliseconds delay, bool fail) {
    std::exception_ptr cancelled;
    try {
        co_await asyncio::sleep(delay);
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled at", elapsed());
        cancelled = std::current_exception();  // C++ cannot co_await in a catch block
    }
    if (cancelled) {
        co_await asyncio::sleep(500ms);  // clean-up that takes time: the group waits for it
        trace(name, "cleaned up at", elapsed());
        std::rethrow_exception(cancelled);
    }
    if (fail) {
        trace(name, "fails at", elapsed());
        throw asyncio::ValueError(name);
    }
    trace(name, "finishes at", elapsed());
}

Coro<> scenario() {
    try {
        co_await asyncio::task_group([](asyncio::TaskGroup tg) -> Coro<> {
            tg.create_task(child("quick", 1000ms, false));
            tg.create_task(child("failing", 2000ms, true));
            tg.create_task(child("slow", 5000ms, false));
            co_await asyncio::sleep(10s);
            trace("body not reached");
        });
    } catch (const asyncio::ExceptionGroup&) {
        trace("caught", describe(std::current_exception()), "at", elapsed());
    } catch (const asyncio::CancelledError&) {
        trace("a CancelledError escaped");
    }
    trace("after the group at", elapsed());
}

}  // namespace first_failure_cancels_siblings
