// Cancelling the task that awaits gather() cancels the children; the awaiter raises
// CancelledError as soon as the first child ends cancelled, while another may still be
// cleaning up (it finishes later on its own).
#include "conformance.hpp"

namespace gather_cancel_raises_when_first_child_ends {

using asyncio::Coro;
using conformance::describe;
using conformance::elapsed;
using conformance::trace;
using namespace std::chrono_literals;

Coro<> child(std::string name, std::chrono::seconds cleanup) {
    std::exception_ptr cancelled;
    try {
        co_await asyncio::sleep(10s);
    } catch (const asyncio::CancelledError&) {
        trace(name, "cancelled at", elapsed());
        cancelled = std::current_exception();
    }
    if (cancelled) {
        co_await asyncio::sleep(cleanup);
        trace(name, "cleaned up at", elapsed());
        std::rethrow_exception(cancelled);
    }
}

Coro<> parent() {
    try {
        co_await asyncio::gather(child("a", 2s), child("b", 1s));
    } catch (const asyncio::CancelledError&) {
        trace("parent caught", describe(std::current_exception()), "at", elapsed());
        throw;
    }
}

Coro<> scenario() {
    auto p = asyncio::create_task(parent());
    co_await asyncio::sleep(1s);
    p.cancel();
    try {
        co_await p;
    } catch (const asyncio::CancelledError&) {
        trace("parent cancelled() at", elapsed(), p.cancelled());
    }
    co_await asyncio::sleep(2s);
    trace("main ends at", elapsed());
}

}  // namespace gather_cancel_raises_when_first_child_ends
